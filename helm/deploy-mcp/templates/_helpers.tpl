{{/* "k=v" entries of a map, sorted by key, joined by the separator: (list $map $separator) */}}
{{- define "deploy-mcp.pairs" -}}
{{- $pairs := list -}}
{{- range $key, $value := index . 0 -}}
{{- $pairs = append $pairs (printf "%s=%s" $key (toString $value)) -}}
{{- end -}}
{{- join (index . 1) $pairs -}}
{{- end -}}
