#!/usr/bin/env bash
# Installs the cluster add-ons of seed 001 §7 and §10 on a k3s cluster with the seed's pools
# (infra/README.md says what each step is and what to set first). Idempotent: run it again after
# changing a setting. Needs kubectl (context: the target cluster), helm 3 and envsubst.
#
#   infra/install.sh                 everything, in order
#   infra/install.sh render DIR      only write the files with the settings filled in, to DIR
#
# Settings: infra/settings.env holds every name with the seed's defaults; INFRA_SETTINGS names a
# file of overrides (a full copy of settings.env works too; a name settings.env does not define is
# refused, so a typo cannot pass silently). Optional parts:
# POSTGRES_SELF_HOSTED=true (CloudNativePG + a PostgreSQL cluster), TEMPORAL_SELF_HOSTED=true
# (Temporal server on that PostgreSQL).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
defaults=$here/settings.env
overrides=${INFRA_SETTINGS:-}

# Chart versions: each values file was checked against exactly this version (infra/README.md).
TRAEFIK_CHART=41.3.0
CERT_MANAGER_CHART=v1.21.1
LOKI_CHART=18.11.0
ALLOY_CHART=1.11.1
KUBE_PROMETHEUS_STACK_CHART=88.5.3
GRAFANA_CHART=12.11.1
CLOUDNATIVE_PG_CHART=0.29.0
CNPG_CLUSTER_CHART=0.8.1
TEMPORAL_CHART=1.6.0

setting_names() { sed -n 's/^\([A-Z][A-Z0-9_]*\)=.*/\1/p' "$1"; }
names=$(setting_names "$defaults")
settings=$defaults
if [ -n "$overrides" ]; then
  [ -r "$overrides" ] || { echo "no settings file at $overrides (INFRA_SETTINGS)" >&2; exit 2; }
  for n in $(setting_names "$overrides"); do
    grep -qx "$n" <<<"$names" || { echo "$overrides sets $n, which infra/settings.env does not define" >&2; exit 2; }
  done
  settings="$defaults + $overrides"
fi
set -a
# shellcheck source=settings.env
. "$defaults"
if [ -n "$overrides" ]; then
  # shellcheck disable=SC1090
  . "$overrides"
fi
set +a
shell_format=$(for n in $names; do printf '${%s} ' "$n"; done)

render() {
  local out=$1
  mkdir -p "$out/k8s" "$out/values"
  for f in "$here"/k8s/*.yml "$here"/values/*.yml; do
    envsubst "$shell_format" <"$f" >"$out/$(basename "$(dirname "$f")")/$(basename "$f")"
  done
  if grep -n '\${[A-Z][A-Z0-9_]*}' "$out"/k8s/*.yml "$out"/values/*.yml | grep -v '\$\${' >/dev/null; then
    echo "settings missing from $settings:" >&2
    grep -no '\${[A-Z][A-Z0-9_]*}' "$out"/k8s/*.yml "$out"/values/*.yml >&2
    exit 2
  fi
}

if [ "${1:-}" = render ]; then
  render "${2:?render needs a directory}"
  exit 0
fi

for tool in kubectl helm envsubst; do
  command -v "$tool" >/dev/null || { echo "$tool is not on PATH" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
render "$work"

step() { echo; echo "== $*"; }
chart() { # release namespace chart version values
  helm upgrade --install "$1" "$3" --namespace "$2" --create-namespace --version "$4" \
    --values "$work/values/$5" --wait --timeout 10m
}
require_secret() { # namespace name how-to
  if ! kubectl -n "$1" get secret "$2" >/dev/null 2>&1; then
    echo "missing Secret $1/$2: $3" >&2
    missing=1
  fi
}

step "namespaces"
kubectl apply -f "$work/k8s/00-dp-system.yml"
kubectl create namespace cert-manager --dry-run=client -o yaml | kubectl apply -f -

step "secrets the operator creates (infra/README.md \"Secrets\")"
missing=0
require_secret cert-manager cloudflare-api-token "kubectl -n cert-manager create secret generic cloudflare-api-token --from-literal=api-token=<token>"
require_secret dp-system loki-auth "kubectl -n dp-system create secret generic loki-auth --from-literal=users=\"\$(htpasswd -nbB deploy <password>)\""
require_secret dp-system grafana-auth "kubectl -n dp-system create secret generic grafana-auth --from-literal=users=\"\$(htpasswd -nbB ops <password>)\""
require_secret dp-system grafana-admin "kubectl -n dp-system create secret generic grafana-admin --from-literal=admin-user=admin --from-literal=admin-password=<password>"
if [ "${POSTGRES_SELF_HOSTED:-false}" = true ]; then
  require_secret dp-system deploymcp-db "kubectl -n dp-system create secret generic deploymcp-db --type=kubernetes.io/basic-auth --from-literal=username=deploymcp --from-literal=password=<password>"
  require_secret dp-system temporal-db "kubectl -n dp-system create secret generic temporal-db --type=kubernetes.io/basic-auth --from-literal=username=temporal --from-literal=password=<password>"
  require_secret dp-system postgres-backup-s3 "kubectl -n dp-system create secret generic postgres-backup-s3 --from-literal=ACCESS_KEY_ID=<id> --from-literal=ACCESS_SECRET_KEY=<key>"
fi
require_secret dp-system deploy-mcp-operator-token "kubectl -n dp-system create secret generic deploy-mcp-operator-token --from-literal=token=\"\$(openssl rand -base64 32)\" (the API's chart value operator.existingSecret names it too)"
[ "$missing" = 0 ] || { echo "create the Secrets above, then run $0 again" >&2; exit 1; }

step "helm repositories"
helm repo add traefik https://traefik.github.io/charts --force-update
helm repo add jetstack https://charts.jetstack.io --force-update
helm repo add grafana https://grafana.github.io/helm-charts --force-update
helm repo add grafana-community https://grafana-community.github.io/helm-charts --force-update
helm repo add prometheus-community https://prometheus-community.github.io/helm-charts --force-update
helm repo add cnpg https://cloudnative-pg.github.io/charts --force-update
helm repo add temporal https://go.temporal.io/helm-charts --force-update
helm repo update

step "cert-manager (with its CRDs) and Traefik (with its CRDs)"
chart cert-manager cert-manager jetstack/cert-manager "$CERT_MANAGER_CHART" cert-manager.yml
chart traefik dp-system traefik/traefik "$TRAEFIK_CHART" traefik.yml

step "registry, BuildKit, issuers, wildcard certificate, default TLSStore, gVisor RuntimeClass"
for f in 10-registry 20-buildkit 30-cert-manager-issuer 31-wildcard-cert 32-traefik-tlsstore 40-gvisor-runtimeclass; do
  kubectl apply -f "$work/k8s/$f.yml"
done

if [ "${POSTGRES_SELF_HOSTED:-false}" = true ]; then
  step "CloudNativePG and the PostgreSQL cluster"
  chart cnpg cnpg-system cnpg/cloudnative-pg "$CLOUDNATIVE_PG_CHART" cloudnative-pg.yml
  chart postgres dp-system cnpg/cluster "$CNPG_CLUSTER_CHART" cnpg-cluster.yml
fi
if [ "${TEMPORAL_SELF_HOSTED:-false}" = true ]; then
  step "Temporal"
  chart temporal dp-system temporal/temporal "$TEMPORAL_CHART" temporal.yml
fi

step "Loki, Alloy, Prometheus, Grafana"
chart loki dp-system grafana-community/loki "$LOKI_CHART" loki.yml
chart alloy dp-system grafana/alloy "$ALLOY_CHART" alloy.yml
chart prometheus dp-system prometheus-community/kube-prometheus-stack "$KUBE_PROMETHEUS_STACK_CHART" kube-prometheus-stack.yml
chart grafana dp-system grafana-community/grafana "$GRAFANA_CHART" grafana.yml

step "the platform's alert rules and Grafana dashboards (infra/monitoring)"
kubectl apply -f "$work/k8s/70-prometheus-rules.yml"
# One ConfigMap per dashboard, labelled for Grafana's dashboard sidecar (values/grafana.yml).
for f in "$here"/monitoring/dashboards/*.json; do
  name=deploy-mcp-dashboard-$(basename "$f" .json)
  kubectl -n dp-system create configmap "$name" --from-file="$(basename "$f")=$f" --dry-run=client -o yaml \
    | kubectl label --local -f - grafana_dashboard=1 app.kubernetes.io/part-of=deploy-mcp -o yaml \
    | kubectl apply -f -
done

step "authenticated Loki and Grafana Ingresses"
kubectl apply -f "$work/k8s/50-loki-ingress.yml"
kubectl apply -f "$work/k8s/51-grafana-ingress.yml"

step "registry GC CronJob (runs at ${REGISTRY_GC_SCHEDULE} UTC against the platform API)"
kubectl apply -f "$work/k8s/60-registry-gc.yml"

step "done"
kubectl -n dp-system get certificate wildcard-apps
echo "Next: the platform chart (helm/deploy-mcp), see docs/install.md."
