{{/* Names, labels and shared snippets of the deploy-mcp chart. */}}

{{/*
The base name of every object: the release name, or "<release>-deploy-mcp" when the release name
does not contain the chart name; fullnameOverride replaces it. At most 63 characters.
*/}}
{{- define "deploy-mcp.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/*
Labels of every object. app.kubernetes.io/name is always deploy-mcp and part-of deploy-mcp: the
infra/ NetworkPolicies (BuildKit, registry) select the worker by them.
*/}}
{{- define "deploy-mcp.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: deploy-mcp
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: deploy-mcp
{{- end -}}

{{/* Labels that select one component's pods: (list $ "api") or (list $ "worker"). */}}
{{- define "deploy-mcp.selectorLabels" -}}
{{- $ := index . 0 -}}
app.kubernetes.io/name: deploy-mcp
app.kubernetes.io/instance: {{ $.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* All labels of one component's objects: (list $ "api"). */}}
{{- define "deploy-mcp.componentLabels" -}}
{{ include "deploy-mcp.labels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* The platform domain: api.<domain> and mcp.<domain>; appsDomain when unset. */}}
{{- define "deploy-mcp.domain" -}}
{{- default .Values.appsDomain .Values.domain -}}
{{- end -}}

{{/* A component's image: (list $ .Values.api.image). Tag: the component's, the chart-wide one, or appVersion. */}}
{{- define "deploy-mcp.image" -}}
{{- $ := index . 0 -}}
{{- $image := index . 1 -}}
{{- $registry := default $.Values.registry.pullHost $.Values.image.registry -}}
{{- $tag := default (default $.Chart.AppVersion $.Values.image.tag) $image.tag -}}
{{- if $registry -}}
{{- printf "%s/%s:%s" $registry $image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" $image.repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "deploy-mcp.apiServiceAccountName" -}}
{{- if .Values.api.serviceAccount.create -}}
{{- default (printf "%s-api" (include "deploy-mcp.fullname" .)) .Values.api.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.api.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "deploy-mcp.workerServiceAccountName" -}}
{{- if .Values.worker.serviceAccount.create -}}
{{- default (printf "%s-worker" (include "deploy-mcp.fullname" .)) .Values.worker.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.worker.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The restricted Pod Security Standards context of every platform pod (uid/gid 1000). */}}
{{- define "deploy-mcp.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "deploy-mcp.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* One env entry from a key of an existing Secret: (list "NAME" secretName key optional). */}}
{{- define "deploy-mcp.secretEnv" -}}
- name: {{ index . 0 }}
  valueFrom:
    secretKeyRef:
      name: {{ index . 1 | quote }}
      key: {{ index . 2 | quote }}
      {{- if index . 3 }}
      optional: true
      {{- end }}
{{- end -}}

{{/* The env and credentials both components share: database, secret key, Temporal. */}}
{{- define "deploy-mcp.sharedSecretEnv" -}}
{{- $db := .Values.database -}}
{{ include "deploy-mcp.secretEnv" (list "DP_DATABASE_URL" $db.existingSecret $db.urlKey false) }}
{{ include "deploy-mcp.secretEnv" (list "DP_DATABASE_USER" $db.existingSecret $db.userKey false) }}
{{ include "deploy-mcp.secretEnv" (list "DP_DATABASE_PASSWORD" $db.existingSecret $db.passwordKey false) }}
{{ include "deploy-mcp.secretEnv" (list "DP_SECRET_KEY" .Values.secretKey.existingSecret .Values.secretKey.key false) }}
{{- with .Values.temporal.apiKey.existingSecret }}
{{ include "deploy-mcp.secretEnv" (list "TEMPORAL_API_KEY" . $.Values.temporal.apiKey.key false) }}
{{- end }}
{{- if .Values.temporal.tls.existingSecret }}
- name: TEMPORAL_TLS_CERT
  value: /etc/deploy-mcp/temporal-tls/{{ .Values.temporal.tls.certKey }}
- name: TEMPORAL_TLS_KEY
  value: /etc/deploy-mcp/temporal-tls/{{ .Values.temporal.tls.keyKey }}
{{- if .Values.temporal.tls.caKey }}
- name: TEMPORAL_TLS_CA
  value: /etc/deploy-mcp/temporal-tls/{{ .Values.temporal.tls.caKey }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The Temporal client certificate volume, when one is configured. */}}
{{- define "deploy-mcp.temporalTlsVolume" -}}
{{- if .Values.temporal.tls.existingSecret }}
- name: temporal-tls
  secret:
    secretName: {{ .Values.temporal.tls.existingSecret | quote }}
    defaultMode: 0440
{{- end }}
{{- end -}}

{{- define "deploy-mcp.temporalTlsMount" -}}
{{- if .Values.temporal.tls.existingSecret }}
- name: temporal-tls
  mountPath: /etc/deploy-mcp/temporal-tls
  readOnly: true
{{- end }}
{{- end -}}

{{/* "k=v" entries of a map, sorted by key, joined by the separator: (list $map $separator) */}}
{{- define "deploy-mcp.pairs" -}}
{{- $pairs := list -}}
{{- range $key, $value := index . 0 -}}
{{- $pairs = append $pairs (printf "%s=%s" $key (toString $value)) -}}
{{- end -}}
{{- join (index . 1) $pairs -}}
{{- end -}}

{{/*
One NetworkPolicy peer list for a destination of values networkPolicy.worker: its ipBlocks
(with the destination's except list) and, when a namespace is named, its pods by labels.
*/}}
{{- define "deploy-mcp.egressPeers" -}}
{{- range .ipBlocks }}
- ipBlock:
    cidr: {{ . | quote }}
    {{- with $.except }}
    except:
      {{- toYaml . | nindent 6 }}
    {{- end }}
{{- end }}
{{- if .namespace }}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ .namespace | quote }}
  podSelector:
    {{- if .podLabels }}
    matchLabels:
      {{- toYaml .podLabels | nindent 6 }}
    {{- else }}
    {}
    {{- end }}
{{- end }}
{{- end -}}
