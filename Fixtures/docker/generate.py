#!/usr/bin/env python3
"""Generate a corpus of Docker-context leaks and look-alike negatives, with a manifest of where each leak is.

Every case is its own folder (so a Dockerfile's build context is only its own files). Secrets are made at run time
from a seeded random source and have no vendor prefix: the repository holds no credential-shaped string, and what is
measured is whether the Docker/Compose/Kubernetes/CI context is understood, not whether a vendor regex matches.

    python3 Fixtures/docker/generate.py --out /tmp/docker-corpus [--seed 1] [--variants 4] [--force]

Writes `<out>/tree/leaks/<case>/…`, `<out>/tree/negatives/<case>/…` (scan `<out>/tree`) and `<out>/manifest.json`:
{"leaks": [{"case", "file", "line", "secret", "template"}], "negatives": [{"case", "file", "template"}]}.
"""

import argparse
import base64
import json
import os
import random
import shutil
import string
import sys

REPOSITORY = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))

SECRET_NAMES = [
    "DB_PASSWORD", "API_KEY", "API_TOKEN", "SECRET_KEY", "JWT_SECRET", "GITHUB_TOKEN", "NPM_TOKEN", "CLIENT_SECRET",
    "REDIS_PASSWORD", "MYSQL_ROOT_PASSWORD", "POSTGRES_PASSWORD", "STRIPE_SECRET_KEY", "SENDGRID_API_KEY",
    "AWS_SECRET_ACCESS_KEY", "ENCRYPTION_KEY", "SESSION_SECRET", "ADMIN_PASSWORD", "SMTP_PASSWORD", "AUTH_TOKEN",
    "PRIVATE_KEY", "DEPLOY_TOKEN", "REGISTRY_PASSWORD", "dbPassword", "apiKey", "RABBITMQ_DEFAULT_PASS", "SLACK_TOKEN",
    "ACCESS_TOKEN", "MASTER_KEY", "SIGNING_KEY", "LDAP_BIND_PASSWORD",
]
LOOKALIKE_NAMES = [
    ("PUBLIC_KEY_URL", "https://auth.example.com/.well-known/jwks.json"), ("TOKEN_TTL", "3600"),
    ("PASSWORD_MIN_LENGTH", "12"), ("KEY_VERSION", "v2"), ("SECRET_NAME", "prod/db/credentials"),
    ("AWS_ACCESS_KEY_ID_FILE", "/run/secrets/aws_key_id"), ("TOKEN_ENDPOINT", "https://auth.example.com/oauth/token"),
    ("AUTH_TYPE", "oauth2"), ("PASSWORD_RESET_URL", "https://app.example.com/reset"), ("MAX_TOKENS", "4096"),
    ("GPG_KEY", "A035C8C19219BA821ECEA86B64E628F8D684696D"), ("JWT_ALGORITHM", "RS256"),
    ("SECRETS_DIR", "/run/secrets"), ("CACHE_KEY_PREFIX", "app:v3:"), ("PUBLISHABLE_KEY_ENV", "STRIPE_PK"),
]
PLACEHOLDERS = ["changeme", "<your-token-here>", "${API_KEY}", "$TOKEN", "REPLACE_ME", "xxxxxxxxxxxx", "TODO",
                "{{ .Values.password }}", "", "\"\"", "example", "dummy-password", "CHANGE_ME_IN_PROD"]
WORDS = ["prod", "blue", "otter", "maple", "north", "river", "delta", "cobalt", "ember", "pixel", "quartz", "tango"]
BASES = ["alpine:3.20", "node:20-alpine", "python:3.12-slim", "eclipse-temurin:21", "golang:1.23", "debian:12",
         "ubuntu:24.04", "nginx:1.27", "ruby:3.3"]


class Corpus:
    def __init__(self, out, seed):
        self.out = out
        self.rng = random.Random(seed)
        self.leaks = []
        self.negatives = []
        self.planted = set()
        self.counter = 0

    # Secrets: varied shapes, none with a vendor prefix.
    def secret(self, shape=None):
        rng = self.rng
        shape = shape or rng.choice(["alnum", "symbols", "hex", "words", "alnum"])
        if shape == "alnum":
            alphabet = string.ascii_letters + string.digits
            value = "".join(rng.choice(alphabet) for _ in range(rng.randint(16, 32)))
        elif shape == "symbols":
            alphabet = string.ascii_letters + string.digits + "!%^*-_+"
            value = "".join(rng.choice(alphabet) for _ in range(rng.randint(12, 24)))
        elif shape == "hex":
            value = "".join(rng.choice("0123456789abcdef") for _ in range(rng.choice([32, 40, 64])))
        else:
            value = "%s%d-%s-%s" % (rng.choice(WORDS), rng.randint(2, 99), rng.choice(WORDS),
                                   "".join(rng.choice("0123456789abcdef") for _ in range(4)))
        # Start with a letter: YAML plain scalars and shell words treat a leading `*`, `!`, `%`, `-` specially.
        value = rng.choice(string.ascii_letters) + value[1:]
        if not any(c.isdigit() for c in value):
            value += str(rng.randint(10, 99))
        if not any(c.isalpha() for c in value):
            value = "k" + value
        self.planted.add(value)
        return value

    def name(self):
        return self.rng.choice(SECRET_NAMES)

    def base(self):
        return self.rng.choice(BASES)

    def case(self, kind, template, files, expected, context=()):
        """files: {relative path: text}; expected: [(file, secret[, text to find])] for leaks (the line is where it
        is). `context` names files of a negative case that are there for the build context and hold a real-looking
        secret on purpose (a `.env` that .dockerignore excludes): they are leaks of their own, not negatives."""
        self.counter += 1
        case_id = "%s-%03d-%s" % (kind[:-1] if kind.endswith("s") else kind, self.counter, template)
        folder = os.path.join(self.out, "tree", kind, case_id)
        for relative, text in files.items():
            path = os.path.join(folder, relative)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
        if kind == "leaks":
            for file, secret, *hint in expected:
                text = files[file]
                needle = hint[0] if hint else secret
                index = text.find(needle)
                if index < 0:
                    raise SystemExit("generator bug: %r not in %s/%s" % (needle, case_id, file))
                line = text.count("\n", 0, index) + 1
                self.leaks.append({"case": case_id, "file": file, "line": line, "secret": secret, "template": template})
        else:
            for file in files:
                if file not in context:
                    self.negatives.append({"case": case_id, "file": file, "template": template})

    def manifest(self):
        return {"leaks": self.leaks, "negatives": self.negatives}


def b64(text):
    return base64.b64encode(text.encode()).decode()


# ----------------------------------------------------------------------------------------------------------------
# Leaks


def dockerfile_leaks(c):
    s = c.secret()
    n = c.name()
    c.case("leaks", "env-equals", {"Dockerfile": "FROM %s\nWORKDIR /app\nENV APP_ENV=production %s=%s\nCMD [\"./run\"]\n" % (c.base(), n, s)}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "env-legacy", {"Dockerfile": "FROM %s\nENV %s %s\nEXPOSE 8080\n" % (c.base(), c.name(), s)}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "env-multiline", {"Dockerfile": "FROM %s\nENV NODE_ENV=production \\\n    PORT=3000 \\\n    # credentials for the queue\n    %s=\"%s\" \\\n    LOG_LEVEL=info\nCOPY . /app\n" % (c.base(), c.name(), s)}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "env-quoted", {"Dockerfile": "FROM %s\nENV %s='%s'\n" % (c.base(), c.name(), s)}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "arg-default", {"Dockerfile": "FROM %s\nARG %s=%s\nRUN ./configure\n" % (c.base(), c.name(), s)}, [("Dockerfile", s)])
    s = c.secret()
    n = c.name()
    c.case("leaks", "arg-global-default", {"Dockerfile": "ARG %s=\"%s\"\nARG BASE=%s\nFROM ${BASE}\nARG %s\nRUN make\n" % (n, s, c.base(), n)}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "label", {"Dockerfile": "FROM %s\nLABEL maintainer=\"ops@example.com\" com.example.deploy-token=\"%s\"\n" % (c.base(), s)}, [("Dockerfile", s)])
    s = c.secret("alnum")
    prop = c.rng.choice(["spring.datasource.password", "db.password", "javax.net.ssl.keyStorePassword", "app.api.token"])
    c.case("leaks", "java-opts", {"Dockerfile": "FROM eclipse-temurin:21\nENV JAVA_OPTS=\"-Xms256m -Xmx1g -D%s=%s -Dfile.encoding=UTF-8\"\nCOPY app.jar /app.jar\n" % (prop, s)}, [("Dockerfile", s)])
    s = c.secret("alnum")
    scheme = c.rng.choice(["postgres", "mysql", "mongodb", "amqp", "redis"])
    c.case("leaks", "env-url-credentials", {"Dockerfile": "FROM %s\nENV DATABASE_URL=%s://app:%s@db.internal:5432/app\n" % (c.base(), scheme, s)}, [("Dockerfile", s)])
    n = c.name()
    c.case("leaks", "env-from-arg", {"Dockerfile": "FROM %s\nARG %s\nENV %s=${%s}\nCMD [\"./app\"]\n" % (c.base(), n, n, n)}, [("Dockerfile", n, "ENV " + n)])
    n = c.rng.choice(["NPM_TOKEN", "GITHUB_TOKEN", "PIP_PASSWORD", "BUNDLE_TOKEN", "GOPROXY_TOKEN"])
    c.case("leaks", "arg-build-arg", {"Dockerfile": "FROM %s\nARG %s\nRUN echo \"token=$%s\" > /tmp/cfg && ./install.sh && rm /tmp/cfg\n" % (c.base(), n, n)}, [("Dockerfile", n, "ARG " + n)])
    n = "NPM_TOKEN"
    c.case("leaks", "arg-implicit-env", {"Dockerfile": "FROM node:20\nWORKDIR /app\nARG %s\nCOPY package*.json .npmrc ./\nRUN npm ci\n" % n, ".npmrc": "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"}, [("Dockerfile", n, "ARG " + n)])
    s = c.secret()
    c.case("leaks", "env-default-expansion", {"Dockerfile": "FROM %s\nENV %s=${OVERRIDE:-%s}\n" % (c.base(), c.name(), s)}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "escape-backtick", {"Dockerfile": "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nENV APP_HOME=C:\\app `\n    %s=%s\n" % (c.name(), s)}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "lowercase-instructions", {"Dockerfile": "from %s\nenv %s=%s\nrun ./build.sh\n" % (c.base(), c.name(), s)}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "onbuild-env", {"Dockerfile": "FROM %s\nONBUILD ENV %s=%s\n" % (c.base(), c.name(), s)}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "named-dockerfile", {"api.Dockerfile": "FROM %s AS build\nRUN make\nFROM %s\nENV %s=%s\n" % (c.base(), c.base(), c.name(), s)}, [("api.Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "containerfile", {"Containerfile": "FROM %s\nENV %s %s\n" % (c.base(), c.name(), s)}, [("Containerfile", s)])


def run_leaks(c):
    s = c.secret()
    c.case("leaks", "run-curl-user", {"Dockerfile": "FROM %s\nRUN apk add --no-cache curl && \\\n    curl -fsSL -u deploy:%s https://files.example.com/app.tgz | tar xz\n" % (c.base(), s)}, [("Dockerfile", s)])
    s = c.secret("alnum")
    c.case("leaks", "run-curl-bearer", {"Dockerfile": "FROM %s\nRUN curl -H \"Authorization: Bearer %s\" -o /app.bin https://api.example.com/dl\n" % (c.base(), s)}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "run-docker-login", {"Dockerfile": "FROM docker:27\nRUN docker login -u ci -p %s registry.example.com && docker pull registry.example.com/base\n" % s}, [("Dockerfile", s)])
    s = c.secret("alnum")
    c.case("leaks", "run-git-clone", {"Dockerfile": "FROM alpine/git\nRUN git clone https://builder:%s@git.example.com/org/app.git /src\n" % s}, [("Dockerfile", s)])
    s = c.secret("alnum")
    c.case("leaks", "run-npm-authtoken", {"Dockerfile": "FROM node:20\nRUN npm config set //registry.npmjs.org/:_authToken=%s && npm ci\n" % s}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "run-pip-index-url", {"Dockerfile": "FROM python:3.12\nRUN pip install --no-cache-dir \\\n      --extra-index-url https://ci:%s@pypi.example.com/simple \\\n      app==1.2\n" % s}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "run-netrc", {"Dockerfile": "FROM python:3.12\nRUN echo \"machine pypi.example.com login ci password %s\" > /root/.netrc && pip install app\n" % s}, [("Dockerfile", s)])
    s = c.secret("alnum")
    c.case("leaks", "run-npmrc-echo", {"Dockerfile": "FROM node:20\nRUN echo '//npm.example.com/:_authToken=%s' >> ~/.npmrc\n" % s}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "run-mysql", {"Dockerfile": "FROM mysql:8\nRUN mysql -uroot -p%s -e 'CREATE DATABASE app'\n" % s}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "run-heredoc", {"Dockerfile": "FROM %s\nRUN <<EOF\nset -e\napk add curl\ncurl -u ci:%s -O https://files.example.com/tool\nEOF\n" % (c.base(), s)}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "run-heredoc-netrc", {"Dockerfile": "FROM %s\nRUN cat <<'EOF' > /root/.netrc\nmachine git.example.com\n  login ci\n  password %s\nEOF\n" % (c.base(), s)}, [("Dockerfile", s)])
    s = c.secret()
    tool = c.rng.choice(["sshpass -p %s scp a.tgz ci@host:/srv", "redis-cli -a %s ping", "htpasswd -bc /etc/nginx/.htpasswd admin %s",
                         "openssl pkcs12 -export -in c.pem -inkey k.pem -out a.p12 -passout pass:%s", "keytool -import -keystore ks.jks -storepass %s -file ca.crt",
                         "mongosh --password %s --eval 'db.stats()'"])
    c.case("leaks", "run-tool-password", {"Dockerfile": "FROM %s\nRUN %s\n" % (c.base(), tool % s)}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "run-export", {"Dockerfile": "FROM %s\nRUN export %s=%s && ./fetch-assets.sh\n" % (c.base(), c.name(), s)}, [("Dockerfile", s)])
    s = c.secret("alnum")
    c.case("leaks", "run-java-d", {"Dockerfile": "FROM eclipse-temurin:21\nRUN java -Dspring.datasource.password=%s -jar migrate.jar\n" % s}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "add-url", {"Dockerfile": "FROM %s\nADD https://ci:%s@files.example.com/app.tgz /tmp/\n" % (c.base(), s)}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "run-exec-form", {"Dockerfile": "FROM %s\nRUN [\"curl\", \"-u\", \"ci:%s\", \"-O\", \"https://files.example.com/a\"]\n" % (c.base(), s)}, [("Dockerfile", s)])


def copy_leaks(c):
    name = c.rng.choice(["id_rsa", "id_ed25519", ".npmrc", ".pypirc", ".netrc", ".git-credentials", "deploy-key.pem",
                         "credentials.json", "client.p12", ".env.production"])
    c.case("leaks", "copy-explicit", {"Dockerfile": "FROM %s\nWORKDIR /app\nCOPY %s /root/\nRUN ./build.sh\n" % (c.base(), name)}, [("Dockerfile", name, "COPY " + name)])
    s = c.secret()
    c.case("leaks", "copy-dot-env", {"Dockerfile": "FROM %s\nWORKDIR /app\nCOPY . .\nCMD [\"./start\"]\n" % c.base(), ".env": "DATABASE_URL=postgres://app:%s@db/app\n%s=%s\n" % (s, c.name(), c.secret()), "main.py": "print('hi')\n"}, [("Dockerfile", ".env", "COPY . .")])
    c.case("leaks", "copy-dot-key", {"Dockerfile": "FROM nginx:1.27\nCOPY ./ /usr/share/nginx/html/\n", ".dockerignore": "*.md\n", "certs/server.key": "-----BEGIN PRIVATE KEY-----\n%s\n-----END PRIVATE KEY-----\n" % c.secret("alnum"), "index.html": "<h1>hi</h1>\n"}, [("Dockerfile", "certs/server.key", "COPY ./")])
    c.case("leaks", "copy-dot-aws", {"Dockerfile": "FROM python:3.12\nCOPY . /srv\n", ".aws/credentials": "[default]\naws_access_key_id = AKEXAMPLEEXAMPLE\naws_secret_access_key = %s\n" % c.secret("alnum")}, [("Dockerfile", ".aws/credentials", "COPY . /srv")])
    s = c.secret()
    c.case("leaks", "copy-heredoc-netrc", {"Dockerfile": "FROM %s\nCOPY <<EOF /root/.netrc\nmachine api.example.com login ci password %s\nEOF\n" % (c.base(), s)}, [("Dockerfile", s)])


def compose_leaks(c):
    s = c.secret()
    n = c.name()
    c.case("leaks", "compose-map", {"docker-compose.yml": "services:\n  api:\n    image: example/api:1.4\n    environment:\n      LOG_LEVEL: info\n      %s: %s\n" % (n, s)}, [("docker-compose.yml", s)])
    s = c.secret()
    c.case("leaks", "compose-list", {"compose.yaml": "services:\n  worker:\n    image: example/worker\n    environment:\n      - QUEUE=jobs\n      - %s=%s\n" % (c.name(), s)}, [("compose.yaml", s)])
    s = c.secret()
    c.case("leaks", "compose-build-args", {"docker-compose.yml": "services:\n  web:\n    build:\n      context: .\n      args:\n        NODE_ENV: production\n        NPM_TOKEN: \"%s\"\n" % s}, [("docker-compose.yml", s)])
    s = c.secret()
    c.case("leaks", "compose-default", {"docker-compose.yml": "services:\n  api:\n    image: example/api\n    environment:\n      %s: ${%s:-%s}\n" % ("SESSION_SECRET", "SESSION_SECRET", s)}, [("docker-compose.yml", s)])
    s = c.secret()
    c.case("leaks", "compose-anchor", {"docker-compose.yml": "x-env: &shared-env\n  TZ: UTC\n  %s: %s\nservices:\n  api:\n    image: example/api\n    environment: *shared-env\n  worker:\n    image: example/worker\n    environment:\n      <<: *shared-env\n      QUEUE: jobs\n" % (c.name(), s)}, [("docker-compose.yml", s)])
    s = c.secret()
    c.case("leaks", "compose-command", {"docker-compose.yml": "services:\n  cache:\n    image: redis:7\n    command: redis-server --appendonly yes --requirepass %s\n" % s}, [("docker-compose.yml", s)])
    c.case("leaks", "compose-secret-file", {"docker-compose.yml": "services:\n  db:\n    image: postgres:16\n    secrets: [db_password]\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt\n", "secrets/db_password.txt": c.secret() + "\n"}, [("docker-compose.yml", "secrets/db_password.txt", "./secrets/db_password.txt")])
    s = c.secret("alnum")
    c.case("leaks", "compose-url", {"docker-compose.yml": "services:\n  api:\n    image: example/api\n    environment:\n      - DATABASE_URL=postgres://app:%s@db:5432/app\n" % s}, [("docker-compose.yml", s)])


def kubernetes_leaks(c):
    s = c.secret()
    encoded = b64(s)
    c.case("leaks", "k8s-secret-data", {"secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-credentials\ntype: Opaque\ndata:\n  username: %s\n  password: %s\n" % (b64("app"), encoded)}, [("secret.yaml", s, encoded)])
    s = c.secret()
    c.case("leaks", "k8s-secret-stringdata", {"manifests/api-secret.yml": "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: api\nstringData:\n  API_TOKEN: \"%s\"\n" % s}, [("manifests/api-secret.yml", s)])
    s = c.secret()
    c.case("leaks", "k8s-multidoc-env", {"deploy.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ports: [{port: 80}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: example/api\n          env:\n            - name: LOG_LEVEL\n              value: info\n            - name: %s\n              value: \"%s\"\n" % (c.name(), s)}, [("deploy.yaml", s)])
    s = c.secret()
    c.case("leaks", "k8s-configmap", {"configmap.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  DB_HOST: db.internal\n  %s: \"%s\"\n" % (c.name(), s)}, [("configmap.yaml", s)])
    s = c.secret()
    config = json.dumps({"auths": {"registry.example.com": {"auth": b64("ci:" + s)}}})
    encoded = b64(config)
    c.case("leaks", "k8s-dockerconfigjson", {"pull-secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: %s\n" % encoded}, [("pull-secret.yaml", s, encoded)])
    s = c.secret()
    c.case("leaks", "helm-values", {"chart/values.yaml": "replicaCount: 2\nimage:\n  repository: example/api\n  tag: 1.4.0\npostgresql:\n  auth:\n    username: app\n    password: %s\n" % s}, [("chart/values.yaml", s)])


def registry_and_ci_leaks(c):
    s = c.secret()
    auth = b64("deploy:" + s)
    c.case("leaks", "docker-config-json", {".docker/config.json": json.dumps({"auths": {"registry.example.com": {"auth": auth}}}, indent=2) + "\n"}, [(".docker/config.json", s, auth)])
    s = c.secret()
    auth = b64("robot:" + s)
    c.case("leaks", "dockercfg", {".dockercfg": json.dumps({"quay.io": {"auth": auth, "email": ""}}) + "\n"}, [(".dockercfg", s, auth)])
    s = c.secret()
    c.case("leaks", "ci-build-arg-script", {"scripts/build.sh": "#!/bin/sh\nset -eu\ndocker buildx build \\\n  --build-arg VERSION=\"$VERSION\" \\\n  --build-arg %s=%s \\\n  -t example/app .\n" % (c.rng.choice(["NPM_TOKEN", "GITHUB_TOKEN", "PIP_PASSWORD"]), s)}, [("scripts/build.sh", s)])
    s = c.secret()
    c.case("leaks", "github-build-push-args", {".github/workflows/release.yml": "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          build-args: |\n            VERSION=${{ github.sha }}\n            NPM_TOKEN=%s\n" % s}, [(".github/workflows/release.yml", s)])
    s = c.secret()
    c.case("leaks", "github-login-action", {".github/workflows/push.yml": "on: push\njobs:\n  push:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          registry: registry.example.com\n          username: ci\n          password: %s\n" % s}, [(".github/workflows/push.yml", s)])
    s = c.secret()
    c.case("leaks", "gitlab-variables", {".gitlab-ci.yml": "variables:\n  DOCKER_DRIVER: overlay2\n  %s: \"%s\"\nbuild:\n  image: docker:27\n  script:\n    - docker build --build-arg NPM_TOKEN=$NPM_TOKEN -t app .\n" % (c.name(), s)}, [(".gitlab-ci.yml", s)])


def mixed_leaks(c):
    """Leaks between the formats, written the way real repositories write them."""
    s = c.secret()
    c.case("leaks", "cmd-exec", {"Dockerfile": "FROM redis:7\nCMD [\"redis-server\", \"--appendonly\", \"yes\", \"--requirepass\", \"%s\"]\n" % s}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "healthcheck", {"Dockerfile": "FROM nginx:1.27\nHEALTHCHECK --interval=30s --timeout=3s \\\n  CMD curl -fsu monitor:%s http://localhost/status || exit 1\n" % s}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "connection-string", {"Dockerfile": "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nENV ConnectionStrings__Default=\"Server=db;Database=shop;User Id=sa;Password=%s;TrustServerCertificate=true\"\n" % s}, [("Dockerfile", s)])
    s = c.secret("alnum")
    c.case("leaks", "bundler-host", {"Dockerfile": "FROM ruby:3.3\nENV BUNDLE_GEMS__CONTRIBSYS__COM=deploy:%s\nRUN bundle install\n" % s}, [("Dockerfile", s)])
    c.case("leaks", "arg-ssh-key-file", {"Dockerfile": "FROM %s\nARG SSH_PRIVATE_KEY\nRUN mkdir -p /root/.ssh && echo \"${SSH_PRIVATE_KEY}\" > /root/.ssh/id_rsa && chmod 600 /root/.ssh/id_rsa\nRUN git clone git@github.com:org/private.git\n" % c.base()}, [("Dockerfile", "SSH_PRIVATE_KEY", "ARG SSH_PRIVATE_KEY"), ("Dockerfile", "SSH_PRIVATE_KEY", "echo")])
    s = c.secret("alnum") + c.secret("alnum")
    c.case("leaks", "git-insteadof", {"Dockerfile": "FROM golang:1.23\nRUN git config --global url.\"https://%s@github.com/\".insteadOf \"https://github.com/\" && go mod download\n" % s}, [("Dockerfile", s)])
    c.case("leaks", "secret-mount-copied", {"Dockerfile": "FROM node:20\nRUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc /root/.npmrc && npm ci\n"}, [("Dockerfile", "/run/secrets/npmrc")])
    s = c.secret()
    c.case("leaks", "svn-password", {"Dockerfile": "FROM %s\nRUN svn checkout --username ci --password %s https://svn.example.com/repo/trunk /src\n" % (c.base(), s)}, [("Dockerfile", s)])
    s = c.secret()
    c.case("leaks", "gradle-property", {"Dockerfile": "FROM gradle:8-jdk21\nRUN gradle publish -PnexusPassword=%s --no-daemon\n" % s}, [("Dockerfile", s)])
    s = c.secret("alnum")
    c.case("leaks", "psql-url", {"Dockerfile": "FROM postgres:16\nRUN psql \"postgresql://postgres:%s@db:5432/app\" -c 'select 1'\n" % s}, [("Dockerfile", s)])
    s = c.secret("alnum")
    c.case("leaks", "apt-source-url", {"Dockerfile": "FROM debian:12\nRUN echo \"deb https://ci:%s@apt.example.com stable main\" > /etc/apt/sources.list.d/private.list\n" % s}, [("Dockerfile", s)])
    s = c.secret("alnum")
    c.case("leaks", "env-json-credentials", {"Dockerfile": "FROM %s\nENV GOOGLE_CREDENTIALS_JSON='{\"type\":\"service_account\",\"private_key\":\"%s\"}'\n" % (c.base(), s)}, [("Dockerfile", s)])
    c.case("leaks", "copy-key-json", {"Dockerfile": "FROM google/cloud-sdk:slim\nCOPY gcp-key.json /secrets/key.json\nRUN gcloud auth activate-service-account --key-file=/secrets/key.json\n"}, [("Dockerfile", "gcp-key.json", "COPY gcp-key.json")])
    s = c.secret()
    c.case("leaks", "env-file", {".env": "COMPOSE_PROJECT_NAME=shop\n# database\n%s=%s\nLOG_LEVEL=debug\n" % (c.name(), s)}, [(".env", s)])
    s = c.secret()
    c.case("leaks", "env-file-export", {"config/prod.env": "export %s='%s'\n" % (c.name(), s)}, [("config/prod.env", s)])
    s = c.secret()
    c.case("leaks", "jenkinsfile-build-arg", {"Jenkinsfile": "pipeline {\n  agent any\n  stages {\n    stage('image') {\n      steps {\n        sh \"docker build --build-arg GITHUB_TOKEN=%s -t app .\"\n      }\n    }\n  }\n}\n" % s}, [("Jenkinsfile", s)])
    s = c.secret()
    c.case("leaks", "docker-run-env", {"scripts/dev-db.sh": "#!/bin/sh\ndocker run -d --name db \\\n  -e POSTGRES_USER=app \\\n  -e POSTGRES_PASSWORD=%s \\\n  -p 5432:5432 postgres:16\n" % s}, [("scripts/dev-db.sh", s)])
    s = c.secret()
    c.case("leaks", "k8s-args", {"deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cache\nspec:\n  template:\n    spec:\n      containers:\n        - name: redis\n          image: redis:7\n          args: [\"--requirepass\", \"%s\"]\n" % s}, [("deploy.yaml", s)])
    s = c.secret()
    c.case("leaks", "kustomize-literals", {"kustomization.yaml": "resources:\n  - deployment.yaml\nsecretGenerator:\n  - name: db\n    literals:\n      - username=app\n      - password=%s\n" % s}, [("kustomization.yaml", s)])
    s = c.secret()
    c.case("leaks", "compose-quoted-item", {"docker-compose.yml": "services:\n  db:\n    image: mysql:8\n    environment:\n      - \"MYSQL_ROOT_PASSWORD=%s\"\n" % s}, [("docker-compose.yml", s)])
    s = c.secret()
    c.case("leaks", "k8s-stringdata-config", {"secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-config\nstringData:\n  config.yaml: |\n    database:\n      host: db\n      password: %s\n" % s}, [("secret.yaml", s)])
    s = c.secret()
    c.case("leaks", "helm-flow-style", {"values-prod.yaml": "redis:\n  auth: {enabled: true, password: \"%s\"}\n" % s}, [("values-prod.yaml", s)])


# ----------------------------------------------------------------------------------------------------------------
# Negatives: every file must produce no finding.


def negatives(c):
    rng = c.rng
    name, value = rng.choice(LOOKALIKE_NAMES)
    c.case("negatives", "lookalike-names", {"Dockerfile": "FROM %s\nENV %s=%s\n" % (c.base(), name, value)}, [])
    placeholder = rng.choice(PLACEHOLDERS)
    c.case("negatives", "placeholder-env", {"Dockerfile": "FROM %s\nENV %s=%s\n" % (c.base(), c.name(), placeholder)}, [])
    c.case("negatives", "empty-values", {"Dockerfile": "FROM %s\nENV PASSWORD=\"\" API_TOKEN=\nARG SECRET_KEY=\"\"\n" % c.base()}, [])
    n = c.name()
    c.case("negatives", "env-self-reference", {"Dockerfile": "FROM %s\nENV %s=${%s}\n" % (c.base(), n, n)}, [])
    c.case("negatives", "file-reference", {"Dockerfile": "FROM postgres:16\nENV POSTGRES_PASSWORD_FILE=/run/secrets/db_password\nENV %s_FILE=/run/secrets/%s\n" % (n, n.lower())}, [])
    c.case("negatives", "secret-mount", {"Dockerfile": "# syntax=docker/dockerfile:1\nFROM node:20\nARG NPM_TOKEN\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm run build\n"}, [])
    c.case("negatives", "secret-mount-only", {"Dockerfile": "FROM alpine\nRUN --mount=type=secret,id=token,env=TOKEN \\\n    curl -H \"Authorization: Bearer $TOKEN\" https://api.example.com/x\n"}, [])
    c.case("negatives", "buildkit-lint", {"Dockerfile": "FROM scratch\nARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\nENV password=bar secret=baz\nARG super_duper_secret_token=foo auth=bar\nENV apikey=bar sunflower=foo\nENV git_key=\nENV PUBLIC_KEY=\nARG public_token\n"}, [])
    c.case("negatives", "official-image", {"Dockerfile": "FROM buildpack-deps:bookworm\nENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305\nENV PYTHON_VERSION 3.12.7\nENV PYTHON_SHA256 24887b92e2afd4a2ac602419ad4b596372f67ac9b077190f459aba390faf5550\nRUN set -eux; \\\n    wget -O python.tar.xz \"https://www.python.org/ftp/python/${PYTHON_VERSION%%%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz\"; \\\n    echo \"$PYTHON_SHA256 *python.tar.xz\" | sha256sum -c -\n"}, [])
    c.case("negatives", "arg-unused-secret-name", {"Dockerfile": "ARG GITHUB_TOKEN\nFROM %s\nRUN apk add --no-cache git\n" % c.base()}, [])
    c.case("negatives", "run-variables", {"Dockerfile": "FROM %s\nRUN curl -u \"$REPO_USER:$REPO_PASS\" https://files.example.com/a && mysql -u root -p -e 'select 1' && docker login -u ci --password-stdin < /run/secrets/reg\n" % c.base()}, [])
    c.case("negatives", "npmrc-cleaned", {"Dockerfile": "FROM node:20\nRUN --mount=type=secret,id=t,env=NPM_TOKEN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > ~/.npmrc && npm ci && rm -f ~/.npmrc\n"}, [])
    c.case("negatives", "copy-ignored", {"Dockerfile": "FROM %s\nCOPY . /app\n" % c.base(), ".dockerignore": ".env\n*.pem\n", ".env": "API_TOKEN=%s\n" % c.secret(), "app.py": "print()\n"}, [], context=[".env"])
    c.case("negatives", "copy-example", {"Dockerfile": "FROM %s\nCOPY .env.example /app/.env\nCOPY id_rsa.pub /root/.ssh/authorized_keys\nCOPY certs/ca.pem /etc/ssl/\n" % c.base()}, [])
    c.case("negatives", "multistage-builder", {"Dockerfile": "FROM node:20 AS build\nWORKDIR /src\nCOPY . .\nRUN npm ci && npm run build\nFROM nginx:1.27\nCOPY --from=build /src/dist /usr/share/nginx/html\n", ".env": "SESSION_SECRET=%s\n" % c.secret(), "package.json": "{}\n"}, [], context=[".env"])
    c.case("negatives", "npmrc-reference", {"Dockerfile": "FROM node:20\nCOPY .npmrc package.json ./\n", ".npmrc": "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"}, [])
    c.case("negatives", "compose-references", {"docker-compose.yml": "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n      POSTGRES_USER: app\n    secrets: [db]\n  api:\n    image: example/api\n    environment:\n      - API_TOKEN\n      - TOKEN_TTL=3600\nsecrets:\n  db:\n    environment: DB_PASSWORD\n"}, [])
    c.case("negatives", "compose-defaults", {"compose.yaml": "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres\n      MYSQL_ROOT_PASSWORD: example\n      RABBITMQ_DEFAULT_PASS: guest\n"}, [])
    c.case("negatives", "compose-secret-ignored", {"docker-compose.yml": "services:\n  db:\n    image: postgres\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt\n", ".gitignore": "secrets/\n", "secrets/db_password.txt": c.secret() + "\n"}, [], context=["secrets/db_password.txt"])
    c.case("negatives", "k8s-secret-refs", {"deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: example/api\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef: {name: db, key: password}\n            - name: PASSWORD_MIN_LENGTH\n              value: \"12\"\n"}, [])
    c.case("negatives", "k8s-secret-placeholders", {"secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  username: %s\n  password: \"\"\nstringData:\n  token: <set-at-deploy-time>\n" % b64("app")}, [])
    c.case("negatives", "helm-existing-secret", {"chart/values.yaml": "postgresql:\n  auth:\n    existingSecret: db-credentials\n    secretKeys:\n      adminPasswordKey: postgres-password\n    password: \"\"\n"}, [])
    c.case("negatives", "docker-config-helper", {".docker/config.json": json.dumps({"auths": {"registry.example.com": {}}, "credsStore": "desktop"}) + "\n"}, [])
    c.case("negatives", "ci-references", {".github/workflows/ci.yml": "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          username: ${{ github.actor }}\n          password: ${{ secrets.GITHUB_TOKEN }}\n      - uses: docker/build-push-action@v6\n        with:\n          build-args: |\n            VERSION=${{ github.sha }}\n          secrets: |\n            npm_token=${{ secrets.NPM_TOKEN }}\n"}, [])
    c.case("negatives", "gitlab-references", {".gitlab-ci.yml": "variables:\n  NPM_TOKEN: $CI_JOB_TOKEN\n  IMAGE_TAG: $CI_COMMIT_SHORT_SHA\nbuild:\n  script:\n    - docker build --secret id=npm,env=NPM_TOKEN -t app .\n"}, [])
    c.case("negatives", "official-node", {"Dockerfile": "FROM debian:12-slim\nENV NODE_VERSION 20.11.0\nENV YARN_VERSION 1.22.19\nRUN set -ex \\\n  && for key in \\\n    4ED778F539E3634C779C87C6D7062848A1AB005C \\\n    141F07595B7B3FFE74309A937405533BE57C7D57 \\\n  ; do \\\n    gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys \"$key\" ; \\\n  done\n"}, [])
    c.case("negatives", "secret-mount-cat", {"Dockerfile": "FROM alpine\nARG GITHUB_TOKEN\nRUN --mount=type=secret,id=gh_token \\\n    GITHUB_TOKEN=$(cat /run/secrets/gh_token) ./fetch.sh\n"}, [])
    c.case("negatives", "settings-names", {"Dockerfile": "FROM %s\nENV PASSWORD_HASH_ALGORITHM=argon2id SECRET_KEY_FILE=/run/secrets/secret_key\nENV JWT_ISSUER=https://auth.example.com TOKEN_AUDIENCE=api\nLABEL org.opencontainers.image.description=\"Secret scanner and token manager\"\n" % c.base()}, [])
    c.case("negatives", "compose-health", {"docker-compose.yml": "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: trust\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\", \"-U\", \"postgres\"]\n  cache:\n    image: redis:7\n    command: redis-server --requirepass \"$${REDIS_PASSWORD}\"\n"}, [])
    c.case("negatives", "k8s-tls-and-sa", {"k8s.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\nautomountServiceAccountToken: false\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\ntype: kubernetes.io/tls\ndata:\n  tls.crt: %s\n" % b64("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")}, [])
    c.case("negatives", "docker-run-names", {"scripts/run.sh": "#!/bin/sh\ndocker run --rm -e POSTGRES_PASSWORD -e POSTGRES_PASSWORD_FILE=/run/secrets/db -e TOKEN_TTL=3600 postgres:16\n"}, [])
    c.case("negatives", "env-file-empty", {".env": "API_TOKEN=\nSECRET_KEY=changeme\nDB_PASSWORD=${DB_PASSWORD}\nTOKEN_TTL=3600\n"}, [])
    c.case("negatives", "env-example", {".env.example": "API_TOKEN=your-token-here\nDB_PASSWORD=\n"}, [])
    c.case("negatives", "gitlab-docker-vars", {".gitlab-ci.yml": "variables:\n  DOCKER_TLS_CERTDIR: \"/certs\"\n  DOCKER_AUTH_CONFIG: $DOCKER_AUTH_CONFIG_JSON\nbuild:\n  script:\n    - docker build -t $CI_REGISTRY_IMAGE .\n"}, [])
    c.case("negatives", "k8s-args-references", {"deploy.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: cache\nspec:\n  containers:\n    - name: redis\n      image: redis:7\n      args: [\"--requirepass\", \"$(REDIS_PASSWORD)\"]\n      env:\n        - name: REDIS_PASSWORD\n          valueFrom: {secretKeyRef: {name: redis, key: password}}\n"}, [])
    c.case("negatives", "script-references", {"build.sh": "#!/bin/sh\ndocker build --build-arg NPM_TOKEN=\"$NPM_TOKEN\" --build-arg VERSION=1.2.3 .\n"}, [])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--variants", type=int, default=4, help="how many times each template is drawn")
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    out = os.path.realpath(args.out)
    if out == REPOSITORY or out.startswith(REPOSITORY + os.sep):
        sys.exit("refusing to write the corpus inside the repository: use a folder such as /tmp/docker-corpus")
    if os.path.exists(out):
        if not args.force:
            sys.exit("%s exists (use --force to replace it)" % out)
        shutil.rmtree(out)
    corpus = Corpus(out, args.seed)
    for _ in range(args.variants):
        dockerfile_leaks(corpus)
        run_leaks(corpus)
        copy_leaks(corpus)
        compose_leaks(corpus)
        kubernetes_leaks(corpus)
        registry_and_ci_leaks(corpus)
        mixed_leaks(corpus)
        negatives(corpus)
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as handle:
        json.dump(corpus.manifest(), handle, indent=1)
    print("wrote %d leaks in %d cases and %d negative files to %s" % (
        len(corpus.leaks), len({leak["case"] for leak in corpus.leaks}), len(corpus.negatives), out))


if __name__ == "__main__":
    main()
