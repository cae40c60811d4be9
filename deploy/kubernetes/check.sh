#!/usr/bin/env bash
# Static checks of the Kubernetes manifests (no cluster needed):
#   - every YAML file under deploy/kubernetes parses;
#   - every file or directory a kustomization.yaml refers to exists;
#   - no Secret with values outside *.example.yaml, no secretGenerator, no *.example.yaml in a
#     kustomization, and example Secrets hold placeholders only (stringData, "REPLACE...");
#   - every base Deployment has its Service and PodDisruptionBudget, the three probes, resources,
#     the hardened security context, and only refers to iris-config keys that exist;
#   - the public origin's Ingress routes exactly the paths the gateway proxies on the embedded run
#     (iris.public-origin.services.*.paths in dicomweb-gateway's application.properties), each to
#     the same service, and everything else to the gateway, with the gateway's own web applications
#     (/portal, /viewer) named;
#   - with kubectl or kustomize on the PATH: each overlay renders, and the output is checked
#     the same way (no Secret, every iris-config key present, images pinned).
# Usage: deploy/kubernetes/check.sh   (exit 0 when everything passes)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

python=""
for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import yaml' 2>/dev/null; then
        python="$candidate"
        break
    fi
done
if [ -z "$python" ]; then
    echo "check.sh needs Python 3 with PyYAML (Debian: apt-get install -y python3-yaml)" >&2
    exit 2
fi

renderer=""
if command -v kubectl >/dev/null 2>&1; then
    renderer="kubectl kustomize"
elif command -v kustomize >/dev/null 2>&1; then
    renderer="kustomize build"
fi

exec "$python" - "$here" "$renderer" <<'PYEOF'
import os
import re
import subprocess
import sys

import yaml

root, renderer = sys.argv[1], sys.argv[2]
passed, failed = 0, 0


def ok(what):
    global passed
    passed += 1
    print(f"ok    {what}")


def fail(what):
    global failed
    failed += 1
    print(f"FAIL  {what}")


def rel(path):
    return os.path.relpath(path, root)


# 1. Every YAML file parses.
docs_by_file = {}
for dirpath, dirnames, filenames in os.walk(root):
    dirnames.sort()
    for name in sorted(filenames):
        if name.endswith((".yaml", ".yml")):
            path = os.path.join(dirpath, name)
            try:
                with open(path) as f:
                    docs_by_file[path] = [d for d in yaml.safe_load_all(f) if d is not None]
                ok(f"parses: {rel(path)}")
            except yaml.YAMLError as e:
                fail(f"parses: {rel(path)}: {e}")

# 2. Kustomizations refer to files that exist; 3. secrets policy in kustomizations.
kustomizations = {p: d[0] for p, d in docs_by_file.items()
                  if os.path.basename(p) in ("kustomization.yaml", "kustomization.yml") and d}
for path, k in kustomizations.items():
    base = os.path.dirname(path)
    refs = []
    refs += [("resource", r) for r in k.get("resources", []) or []]
    refs += [("component", r) for r in k.get("components", []) or []]
    refs += [("patch", p["path"]) for p in k.get("patches", []) or [] if "path" in p]
    refs += [("patch", p) for p in k.get("patchesStrategicMerge", []) or [] if isinstance(p, str)]
    refs += [("patch", p["path"]) for p in k.get("patchesJson6902", []) or [] if "path" in p]
    for gen in (k.get("configMapGenerator", []) or []) + (k.get("secretGenerator", []) or []):
        for entry in (gen.get("files", []) or []):
            refs.append(("generator file", entry.split("=", 1)[-1]))
        for entry in (gen.get("envs", []) or []) + ([gen["env"]] if "env" in gen else []):
            refs.append(("generator env", entry))
    for kind, ref in refs:
        if re.match(r"^[a-z]+://", ref) or ref.startswith("github.com/"):
            fail(f"{rel(path)}: remote {kind} {ref} (keep everything in the repository)")
            continue
        target = os.path.normpath(os.path.join(base, ref))
        if os.path.isfile(target):
            ok(f"{rel(path)}: {kind} {ref} exists")
        elif os.path.isdir(target) and any(os.path.isfile(os.path.join(target, n))
                                          for n in ("kustomization.yaml", "kustomization.yml")):
            ok(f"{rel(path)}: {kind} {ref} is a kustomization")
        else:
            fail(f"{rel(path)}: {kind} {ref} does not exist")
        if ref.endswith((".example.yaml", ".example.yml")):
            fail(f"{rel(path)}: lists the example file {ref}")
    if k.get("secretGenerator"):
        fail(f"{rel(path)}: has a secretGenerator (secrets are created outside the repository)")

# 3. Secrets: none with values outside *.example.yaml; examples hold placeholders only.
PLAIN_KEYS = re.compile(r"^(username|IRIS_IDENTITY_CLIENTS_[A-Z0-9]+_ROLES)$")
for path, docs in docs_by_file.items():
    example = path.endswith((".example.yaml", ".example.yml"))
    for d in docs:
        if not isinstance(d, dict) or d.get("kind") != "Secret":
            continue
        name = (d.get("metadata") or {}).get("name")
        if not example:
            if d.get("data") or d.get("stringData"):
                fail(f"{rel(path)}: Secret {name} carries values outside an *.example.yaml file")
            continue
        if d.get("data"):
            fail(f"{rel(path)}: example Secret {name} uses data (only stringData placeholders)")
        bad = [key for key, value in (d.get("stringData") or {}).items()
               if not PLAIN_KEYS.match(key) and "REPLACE" not in str(value)]
        if bad:
            fail(f"{rel(path)}: example Secret {name} has non-placeholder values for {bad}")
        else:
            ok(f"{rel(path)}: example Secret {name} holds placeholders only")


# 4. Base Deployments.
def check_deployments(docs, where, config_keys):
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d.get("kind"), {})[d["metadata"]["name"]] = d
    deployments = by_kind.get("Deployment", {})
    if not deployments:
        fail(f"{where}: no Deployment found")
    for name, dep in sorted(deployments.items()):
        problems = []
        for kind in ("Service", "PodDisruptionBudget"):
            if name not in by_kind.get(kind, {}):
                problems.append(f"no {kind} {name}")
        pod = dep["spec"]["template"]["spec"]
        psc = pod.get("securityContext") or {}
        if psc.get("runAsNonRoot") is not True:
            problems.append("runAsNonRoot")
        if (psc.get("seccompProfile") or {}).get("type") != "RuntimeDefault":
            problems.append("seccomp RuntimeDefault")
        for c in pod.get("containers", []):
            for probe, path in (("startupProbe", "/q/health/started"),
                                ("livenessProbe", "/q/health/live"),
                                ("readinessProbe", "/q/health/ready")):
                if ((c.get(probe) or {}).get("httpGet") or {}).get("path") != path:
                    problems.append(f"{probe} on {path}")
            res = c.get("resources") or {}
            if not (res.get("limits") or {}).get("memory") or not (res.get("requests") or {}).get("memory"):
                problems.append("memory request and limit")
            csc = c.get("securityContext") or {}
            if csc.get("readOnlyRootFilesystem") is not True:
                problems.append("readOnlyRootFilesystem")
            if csc.get("allowPrivilegeEscalation") is not False:
                problems.append("allowPrivilegeEscalation false")
            if "ALL" not in ((csc.get("capabilities") or {}).get("drop") or []):
                problems.append("drop ALL capabilities")
            if not any(m.get("mountPath") == "/tmp" for m in c.get("volumeMounts") or []):
                problems.append("emptyDir at /tmp")
            if c.get("imagePullPolicy") != "IfNotPresent":
                problems.append("imagePullPolicy IfNotPresent")
            image = c.get("image", "")
            if ":" not in image.rsplit("/", 1)[-1] and "@" not in image or image.endswith(":latest"):
                problems.append(f"image {image} not pinned")
            for e in c.get("env") or []:
                ref = (e.get("valueFrom") or {}).get("configMapKeyRef")
                if ref and ref.get("name", "").startswith("iris-config") and ref.get("key") not in config_keys:
                    problems.append(f"iris-config has no key {ref.get('key')}")
            for e in c.get("env") or []:
                if "value" in e and re.search(r"(?i)(password|secret)", e["name"]):
                    problems.append(f"{e['name']} given as a literal value")
        if problems:
            fail(f"{where}: Deployment {name}: " + "; ".join(problems))
        else:
            ok(f"{where}: Deployment {name} (Service, PDB, probes, resources, security context, config keys)")


base_dir = os.path.join(root, "base")
base_k = kustomizations.get(os.path.join(base_dir, "kustomization.yaml"), {})
base_docs = []
for r in base_k.get("resources", []) or []:
    base_docs += docs_by_file.get(os.path.normpath(os.path.join(base_dir, r)), [])
base_keys = set()
for gen in base_k.get("configMapGenerator", []) or []:
    if gen.get("name") == "iris-config":
        base_keys |= {lit.split("=", 1)[0] for lit in gen.get("literals", []) or []}
check_deployments(base_docs, "base", base_keys)

# 5a. One list of public paths: the Ingress and the gateway's proxy route the same paths.
def gateway_public_paths():
    props = os.path.join(root, "..", "..", "dicomweb-gateway", "src", "main", "resources", "application.properties")
    routes = {}
    with open(props) as f:
        for line in f:
            m = re.match(r"^iris\.public-origin\.services\.([a-z-]+)\.paths=(.*)$", line.strip())
            if m:
                for p in m.group(2).split(","):
                    p = p.strip()
                    routes[(p[:-2], "Prefix") if p.endswith("/*") else (p, "Exact")] = m.group(1)
    return routes


expected = gateway_public_paths()
ingress_routes = {}
for d in base_docs:
    if d.get("kind") != "Ingress":
        continue
    for rule in (d.get("spec") or {}).get("rules") or []:
        for p in ((rule.get("http") or {}).get("paths")) or []:
            ingress_routes[(p["path"], p["pathType"])] = p["backend"]["service"]["name"]
# The gateway's own web applications (portal, viewer) are named in the Ingress, with / (the rest).
GATEWAY_OWN = [("/", "Prefix"), ("/portal", "Prefix"), ("/viewer", "Prefix")]
not_to_gateway = [p for p in GATEWAY_OWN if ingress_routes.pop(p, None) != "dicomweb-gateway"]
if not expected:
    fail("public origin: no iris.public-origin.services.*.paths in dicomweb-gateway's application.properties")
elif not_to_gateway:
    fail(f"public origin: the Ingress does not send {not_to_gateway} to dicomweb-gateway")
elif ingress_routes != expected:
    missing = {k: v for k, v in expected.items() if ingress_routes.get(k) != v}
    extra = {k: v for k, v in ingress_routes.items() if expected.get(k) != v}
    fail(f"public origin: Ingress and gateway disagree; gateway only: {missing}; Ingress only: {extra}")
else:
    ok(f"public origin: the Ingress routes the gateway's {len(expected)} proxied paths to the same services,"
       " and /, /portal, /viewer to the gateway")

# 5. Rendered overlays.
overlays_dir = os.path.join(root, "overlays")
overlays = sorted(n for n in os.listdir(overlays_dir)
                  if os.path.isfile(os.path.join(overlays_dir, n, "kustomization.yaml")))
if not renderer:
    print("skip  rendering the overlays: neither kubectl nor kustomize on the PATH")
for overlay in overlays:
    if not renderer:
        break
    where = f"overlays/{overlay}"
    run = subprocess.run(renderer.split() + [os.path.join(overlays_dir, overlay)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        fail(f"{where}: {renderer} failed: {run.stderr.strip()}")
        continue
    docs = [d for d in yaml.safe_load_all(run.stdout) if d]
    ok(f"{where}: renders with {renderer} ({len(docs)} objects)")
    if any(d.get("kind") == "Secret" for d in docs):
        fail(f"{where}: renders a Secret")
    namespaces = {d["metadata"].get("namespace") for d in docs if d.get("kind") != "Namespace"}
    if len(namespaces) != 1 or None in namespaces:
        fail(f"{where}: objects not all in one namespace: {namespaces}")
    else:
        ok(f"{where}: every object in namespace {namespaces.pop()}")
    keys = set()
    for d in docs:
        if d.get("kind") == "ConfigMap" and d["metadata"]["name"].startswith("iris-config"):
            keys |= set((d.get("data") or {}).keys())
    check_deployments(docs, where, keys)

print(f"check: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PYEOF
