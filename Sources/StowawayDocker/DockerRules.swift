import StowawayCore

/// Metadata of every semantic check: stable ids, severities, the fix, and examples that must (and must not) produce a
/// finding. The first tag names the file format an example is written in (`dockerfile`, `compose`, `kubernetes`,
/// `helm-values`, `docker-config`, `github-workflow`, `gitlab-ci`, `build-script`, `env-file`); rules tagged
/// `build-context` judge the file's folder too, and their examples sit in a folder holding `exampleContextFiles`. The
/// tests run every example.
public enum DockerRules {
    public static let all: [Rule] = [
        envSecret, argSecretDefault, labelSecret, envFromArg, argSecretBuildArg, runInlineCredential,
        runCredentialFileLeft, copyCredentialFile, copyContextCredential, addURLCredential,
        composeEnvironmentSecret, composeBuildArgSecret, composeSecretFileCommitted, composeCommandCredential,
        envFileSecret, kubernetesSecretData, kubernetesSecretStringData, kubernetesConfigMapSecret, kubernetesEnvSecret,
        kubernetesCommandCredential, helmValuesSecret, dockerConfigAuth, ciBuildArgSecret, cliEnvironmentSecret,
        ciVariableSecret, ciDockerLoginPassword,
    ]

    /// The folder the `build-context` examples are analysed in: a committed `.env` and a Compose secret file.
    public static let exampleContextFiles = [
        "Dockerfile": "", "docker-compose.yml": "", ".env": "API_TOKEN=Zx8kQ2pL0vN5wR7tY3mB\n",
        "secrets/db_password.txt": "hunter2-prod-9f3c\n", "src/app.py": "print('hello')\n",
    ]

    static let buildSecretsDocs = "https://docs.docker.com/build/building/secrets/"
    static let lintDocs = "https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/"

    static func rule(
        _ id: String, _ name: String, _ severity: Severity, _ confidence: Confidence, tags: [String],
        description: String, remediation: String, references: [String], examples: [String], negative: [String]
    ) -> Rule {
        Rule(id: id, name: name, description: description, severity: severity, confidence: confidence, pattern: "",
             checkPlaceholders: false, references: references, remediation: remediation, tags: tags + ["docker-semantics"],
             examples: examples.map { RuleExample(text: $0) }, negativeExamples: negative.map { RuleExample(text: $0) })
    }

    // MARK: - Dockerfile

    public static let envSecret = rule(
        "docker-env-secret", "Secret in a Dockerfile ENV", .high, .medium, tags: ["dockerfile"],
        description: "An ENV with a secret-like name (or a value with embedded credentials) holds a literal secret. ENV values are stored in the image config and set in every container started from the image and from images built on it.",
        remediation: "Remove the value from the Dockerfile and rotate it. Pass it at run time instead (`docker run -e DB_PASSWORD`, a Compose/Kubernetes secret), or, if the build needs it, mount it for the one step that uses it: `RUN --mount=type=secret,id=db_password,env=DB_PASSWORD ./migrate.sh` and build with `docker build --secret id=db_password,env=DB_PASSWORD .`",
        references: [buildSecretsDocs, lintDocs],
        examples: [
            "FROM alpine\nENV DB_PASSWORD=hunter2-prod-9f3c\n",
            "FROM alpine\nENV API_PASSWORD hunter2-prod-9f3c\n",
            "FROM alpine\nENV APP_ENV=prod \\\n    SECRET_KEY=\"Zx8kQ2pL0vN5wR7t\" \\\n    PORT=8080\n",
            "FROM openjdk:17\nENV JAVA_OPTS=\"-Xmx512m -Dspring.datasource.password=S3cr3tPa55w0rd -Dfile.encoding=UTF-8\"\n",
            "FROM python:3.12\nENV DATABASE_URL=postgres://app:Zx8kQ2pL0vN5@db:5432/app\n",
        ],
        negative: [
            "FROM alpine\nENV PASSWORD=\"\"\n",
            "FROM alpine\nENV API_KEY=${API_KEY}\n",
            "FROM alpine\nENV DB_PASSWORD_FILE=/run/secrets/db_password\n",
            "FROM alpine\nENV TOKEN_TTL=3600 PASSWORD_MIN_LENGTH=12 KEY_VERSION=v2\n",
            "FROM alpine\nENV PUBLIC_KEY_URL=https://example.com/keys.pub\n",
            "FROM python:3.12\nENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D\n",
            "FROM alpine\nENV POSTGRES_PASSWORD=changeme\n",
        ])

    public static let argSecretDefault = rule(
        "docker-arg-secret-default", "Secret as a Dockerfile ARG default", .high, .medium, tags: ["dockerfile"],
        description: "An ARG with a secret-like name has a literal secret as its default. The Dockerfile is committed with it, and every RUN after the ARG records the value in the image history.",
        remediation: "Delete the default and rotate the secret. Provide it only to the step that needs it, as a build secret: `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci` built with `docker build --secret id=npm_token,env=NPM_TOKEN .`",
        references: [buildSecretsDocs, lintDocs],
        examples: [
            "ARG NPM_TOKEN=Zx8kQ2pL0vN5wR7tY3mB\nFROM node:20\nARG NPM_TOKEN\nRUN npm ci\n",
            "FROM node:20\nARG GITHUB_TOKEN=\"Zx8kQ2pL0vN5wR7tY3mB\"\n",
            "FROM alpine\nARG REGISTRY_PASSWORD=${REGISTRY_PASSWORD:-hunter2-prod-9f3c}\n",
        ],
        negative: [
            "FROM alpine\nARG NPM_TOKEN\n",
            "FROM alpine\nARG NPM_TOKEN=\"\"\n",
            "FROM alpine\nARG PASSWORD_FILE=/run/secrets/password\n",
            "FROM alpine\nARG TOKEN_VERSION=1.4.2\n",
        ])

    public static let labelSecret = rule(
        "docker-label-secret", "Secret in a Dockerfile LABEL", .high, .medium, tags: ["dockerfile"],
        description: "A LABEL with a secret-like key holds a literal secret; labels are public metadata of the image.",
        remediation: "Remove the label and rotate the secret. Labels are for public metadata (`org.opencontainers.image.*`); secrets belong in a secret store, passed at run time.",
        references: ["https://docs.docker.com/reference/dockerfile/#label"],
        examples: ["FROM alpine\nLABEL com.example.deploy-token=\"Zx8kQ2pL0vN5wR7tY3mB\"\n"],
        negative: ["FROM alpine\nLABEL org.opencontainers.image.description=\"Token service for the secret store\"\n"])

    public static let envFromArg = rule(
        "docker-env-from-arg", "Build argument secret copied into ENV", .high, .medium, tags: ["dockerfile"],
        description: "An ENV takes its value from an ARG that carries a secret (`ENV API_KEY=${API_KEY}` after `ARG API_KEY`). Whatever is passed with `--build-arg` is then baked into the image config and the environment of every container.",
        remediation: "Do not copy build secrets into ENV. Use the secret only where it is needed: `RUN --mount=type=secret,id=api_key,env=API_KEY ./build.sh` and pass it at run time (`docker run -e API_KEY`, an orchestrator secret) if the container needs it.",
        references: [buildSecretsDocs, lintDocs],
        examples: [
            "FROM alpine\nARG API_KEY\nENV API_KEY=${API_KEY}\n",
            "FROM alpine\nARG DB_PASSWORD\nENV DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app\n",
        ],
        negative: [
            "FROM alpine\nENV API_KEY=${API_KEY}\n",
            "FROM alpine\nARG VERSION\nENV APP_VERSION=${VERSION}\n",
        ])

    public static let argSecretBuildArg = rule(
        "docker-arg-secret-build-arg", "Secret passed as a build argument", .medium, .medium, tags: ["dockerfile"],
        description: "An ARG with a secret-like name and no literal value is used by RUN. Build arguments are not secret: their values are recorded in the image history (`docker history --no-trunc`) and in build caches.",
        remediation: "Replace the build argument with a build secret. Delete `ARG NPM_TOKEN` and mount the secret in the RUN that needs it: `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci` then build with `docker build --secret id=npm_token,env=NPM_TOKEN .` (the message names the exact lines).",
        references: [buildSecretsDocs, lintDocs],
        examples: [
            "FROM node:20\nARG NPM_TOKEN\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci && rm .npmrc\n",
            "FROM node:20\nARG NPM_TOKEN\nCOPY package.json .\nRUN npm ci\n",
        ],
        negative: [
            "FROM node:20\nARG NPM_TOKEN\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n",
            "FROM node:20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n",
            "FROM alpine\nARG GITHUB_TOKEN_FILE\nRUN cat \"$GITHUB_TOKEN_FILE\"\n",
            "ARG GITHUB_TOKEN\nFROM alpine\nRUN apk add git\n",
        ])

    public static let runInlineCredential = rule(
        "docker-run-inline-credential", "Credential on a RUN/CMD command line", .high, .medium, tags: ["dockerfile"],
        description: "A RUN (or CMD, ENTRYPOINT, HEALTHCHECK) command carries a literal credential (`curl -u user:pass`, `docker login -p`, `git clone https://user:token@…`, `npm config set …_authToken=…`, `mysql -p…`, an `echo` into `~/.netrc`). The command line is stored in the image history, and files it writes stay in the layer.",
        remediation: "Rotate the credential and give it to the command through a build secret instead of the command line, e.g. `RUN --mount=type=secret,id=netrc,target=/root/.netrc pip install -r requirements.txt` or `RUN --mount=type=secret,id=token,env=TOKEN git clone https://x-access-token:${TOKEN}@github.com/org/repo.git`, built with `docker build --secret id=netrc,src=$HOME/.netrc --secret id=token,env=TOKEN .`",
        references: [buildSecretsDocs],
        examples: [
            "FROM alpine\nRUN curl -fsSL -u deploy:Zx8kQ2pL0vN5wR7t https://files.example.com/app.tgz | tar xz\n",
            "FROM docker:27\nRUN docker login -u ci -p Zx8kQ2pL0vN5wR7t registry.example.com\n",
            "FROM alpine/git\nRUN git clone https://builder:Zx8kQ2pL0vN5wR7tY3mB@git.example.com/org/app.git\n",
            "FROM node:20\nRUN npm config set //registry.npmjs.org/:_authToken=Zx8kQ2pL0vN5wR7tY3mB && npm ci\n",
            "FROM python:3.12\nRUN pip install --index-url https://ci:Zx8kQ2pL0vN5wR7t@pypi.example.com/simple app\n",
            "FROM alpine\nRUN echo \"machine api.example.com login ci password Zx8kQ2pL0vN5wR7t\" > ~/.netrc\n",
            "FROM mysql:8\nRUN mysql -uroot -pZx8kQ2pL0vN5wR7t -e 'CREATE DATABASE app'\n",
            "FROM nginx\nHEALTHCHECK --interval=30s CMD curl -fsu monitor:Zx8kQ2pL0vN5wR7t http://localhost/status\n",
        ],
        negative: [
            "FROM alpine\nRUN --mount=type=secret,id=token,env=TOKEN curl -H \"Authorization: Bearer $TOKEN\" https://api.example.com\n",
            "FROM mysql:8\nRUN mysql -u root -p -e 'SELECT 1'\n",
            "FROM alpine\nRUN curl -u \"$USER:$PASS\" https://files.example.com/x\n",
        ])

    public static let runCredentialFileLeft = rule(
        "docker-run-credential-file-left", "Credential file left in an image layer", .high, .medium, tags: ["dockerfile"],
        description: "A RUN writes a secret from a variable into a credential file (`echo \"$TOKEN\" > ~/.npmrc`, `npm config set …_authToken`) and does not delete it in the same RUN, so the file, with the secret, stays in the layer even if a later step removes it.",
        remediation: "Mount the credential file for the one step instead of writing it: `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci` built with `docker build --secret id=npmrc,src=$HOME/.npmrc .`; or write and delete it within the same RUN.",
        references: [buildSecretsDocs],
        examples: [
            "FROM node:20\nRUN --mount=type=secret,id=t,env=NPM_TOKEN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > /root/.npmrc\nRUN npm ci\n",
        ],
        negative: [
            "FROM node:20\nRUN --mount=type=secret,id=t,env=NPM_TOKEN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > /root/.npmrc && npm ci && rm -f /root/.npmrc\n",
        ])

    public static let copyCredentialFile = rule(
        "docker-copy-credential-file", "Credential file copied into an image", .high, .medium, tags: ["dockerfile"],
        description: "COPY or ADD puts a credential file (`id_rsa`, a private key, `.env`, `.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`, `.aws/credentials`, `.docker/config.json`, a kubeconfig, a `.p12`) into a layer. Deleting it later does not remove it from the image.",
        remediation: "Do not copy credentials into the image; mount them for the step that needs them, e.g. `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci` or `RUN --mount=type=ssh git clone git@github.com:org/private.git` (build with `--secret id=npmrc,src=.npmrc` / `--ssh default`), and list the file in .dockerignore.",
        references: [buildSecretsDocs, "https://docs.docker.com/build/concepts/context/#dockerignore-files"],
        examples: [
            "FROM alpine\nCOPY id_rsa /root/.ssh/id_rsa\n",
            "FROM node:20\nCOPY .npmrc package.json ./\n",
            "FROM alpine\nADD --chown=app .aws/credentials /home/app/.aws/credentials\n",
            "FROM alpine\nCOPY <<EOF /root/.netrc\nmachine git.example.com login ci password Zx8kQ2pL0vN5wR7t\nEOF\n",
        ],
        negative: [
            "FROM alpine\nCOPY id_rsa.pub /root/.ssh/authorized_keys\n",
            "FROM alpine\nCOPY --from=build /app/.env.example /app/\n",
            "FROM alpine\nCOPY certs/ca.pem /etc/ssl/certs/\n",
        ])

    public static let copyContextCredential = rule(
        "docker-copy-context-credential", "Build context credential copied by COPY/ADD", .high, .medium,
        tags: ["dockerfile", "build-context"],
        description: "COPY or ADD copies a folder (`COPY . .`) that holds a credential file, and no .dockerignore excludes it, so the file ends up in the image.",
        remediation: "Add the file to .dockerignore (next to the build context, or `<Dockerfile>.dockerignore`), e.g. `.env`, `**/*.pem`, `.npmrc`, or copy only what the image needs (`COPY src/ package.json ./`).",
        references: ["https://docs.docker.com/build/concepts/context/#dockerignore-files"],
        examples: ["FROM python:3.12\nWORKDIR /app\nCOPY . .\n"],
        negative: ["FROM python:3.12\nWORKDIR /app\nCOPY src/ ./\n"])

    public static let addURLCredential = rule(
        "docker-add-url-credential", "Credentials in an ADD URL", .high, .high, tags: ["dockerfile"],
        description: "ADD downloads from a URL with `user:password@` in it; the URL is stored in the image history.",
        remediation: "Rotate the credential and download in a RUN that gets it from a build secret: `RUN --mount=type=secret,id=netrc,target=/root/.netrc curl -fsSLO https://files.example.com/app.tgz`.",
        references: [buildSecretsDocs],
        examples: ["FROM alpine\nADD https://ci:Zx8kQ2pL0vN5wR7t@files.example.com/app.tgz /tmp/\n"],
        negative: ["FROM alpine\nADD https://files.example.com/app.tgz /tmp/\n"])

    // MARK: - Compose

    public static let composeEnvironmentSecret = rule(
        "compose-environment-secret", "Secret in a Compose environment", .high, .medium, tags: ["compose"],
        description: "A service's `environment:` (list or map, or a shared `x-` block) sets a secret-like variable to a literal secret, or to a `${VAR:-default}` whose default is one.",
        remediation: "Rotate the secret and take it from the environment instead (`DB_PASSWORD: ${DB_PASSWORD:?set DB_PASSWORD}`), or use Compose secrets: `secrets: [db_password]` on the service and `DB_PASSWORD_FILE: /run/secrets/db_password` in its environment.",
        references: ["https://docs.docker.com/compose/how-tos/use-secrets/",
                     "https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/"],
        examples: [
            "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: hunter2-prod-9f3c\n",
            "services:\n  api:\n    image: app\n    environment:\n      - API_TOKEN=Zx8kQ2pL0vN5wR7tY3mB\n",
            "services:\n  api:\n    image: app\n    environment:\n      STRIPE_SECRET: ${STRIPE_SECRET:-Zx8kQ2pL0vN5wR7tY3mB}\n",
        ],
        negative: [
            "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n",
            "services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD\n      - POSTGRES_USER=app\n",
        ])

    public static let composeBuildArgSecret = rule(
        "compose-build-arg-secret", "Secret as a Compose build argument", .high, .medium, tags: ["compose"],
        description: "A service's `build.args` passes a literal secret as a build argument, which is recorded in the image history.",
        remediation: "Use a Compose build secret instead of a build argument: `build: {context: ., secrets: [npm_token]}` with a top-level `secrets: {npm_token: {environment: NPM_TOKEN}}`, and in the Dockerfile `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci`.",
        references: ["https://docs.docker.com/compose/how-tos/use-secrets/#build-secrets"],
        examples: ["services:\n  web:\n    build:\n      context: .\n      args:\n        NPM_TOKEN: Zx8kQ2pL0vN5wR7tY3mB\n"],
        negative: ["services:\n  web:\n    build:\n      context: .\n      args:\n        NPM_TOKEN: ${NPM_TOKEN}\n        NODE_ENV: production\n"])

    public static let composeSecretFileCommitted = rule(
        "compose-secret-file-committed", "Compose secret file kept in the repository", .medium, .medium,
        tags: ["compose", "build-context"],
        description: "A top-level `secrets:` entry reads its value from a `file:` that exists next to the Compose file (and is not git-ignored), so the secret itself is in the repository.",
        remediation: "Remove the file from the repository (and its history), rotate the secret, add the path to .gitignore, and create the file at deploy time or use `environment:` as the secret's source.",
        references: ["https://docs.docker.com/compose/how-tos/use-secrets/"],
        examples: ["services:\n  db:\n    image: postgres:16\n    secrets: [db_password]\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt\n"],
        negative: ["services:\n  db:\n    image: postgres:16\nsecrets:\n  db_password:\n    file: ./secrets/created-at-deploy.txt\n  api_key:\n    environment: API_KEY\n"])

    public static let composeCommandCredential = rule(
        "compose-command-credential", "Credential on a Compose command line", .high, .medium, tags: ["compose"],
        description: "A service's `command`, `entrypoint` or `healthcheck.test` carries a literal credential (`redis-server --requirepass …`, `mysqladmin -p…`).",
        remediation: "Read the credential from the environment or a secret file inside the command (`--requirepass \"$$REDIS_PASSWORD\"`) and set that variable from a secret.",
        references: ["https://docs.docker.com/compose/how-tos/use-secrets/"],
        examples: ["services:\n  cache:\n    image: redis:7\n    command: redis-server --requirepass Zx8kQ2pL0vN5wR7t\n"],
        negative: ["services:\n  cache:\n    image: redis:7\n    command: [\"redis-server\", \"--requirepass\", \"$${REDIS_PASSWORD}\"]\n"])

    public static let envFileSecret = rule(
        "env-file-secret", "Secret in an env file", .high, .medium, tags: ["env-file"],
        description: "A `.env` file (read by Compose for interpolation and `env_file:`, and by `docker run --env-file`) sets a secret-like variable to a literal secret, and the file is in the repository.",
        remediation: "Rotate the secret, remove the file from the repository (and its history), add `.env*` to .gitignore and .dockerignore, and commit a `.env.example` with empty values instead.",
        references: ["https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file"],
        examples: ["COMPOSE_PROJECT_NAME=shop\nPOSTGRES_PASSWORD=hunter2-prod-9f3c\n",
                   "export API_TOKEN='Zx8kQ2pL0vN5wR7tY3mB' # deploy\n"],
        negative: ["POSTGRES_PASSWORD=\nAPI_TOKEN=${API_TOKEN}\nTOKEN_TTL=3600\n# SECRET_KEY=hunter2-prod-9f3c\n"])

    // MARK: - Kubernetes and Helm

    public static let kubernetesSecretData = rule(
        "k8s-secret-data", "Kubernetes Secret data in a manifest", .high, .medium, tags: ["kubernetes"],
        description: "A `kind: Secret` manifest holds a credential in `data:` (base64 is an encoding, not encryption). The value is decoded and judged by its key and content.",
        remediation: "Rotate the secret and keep it out of the repository: create it at deploy time, or commit it encrypted (Sealed Secrets, SOPS) or as a reference (External Secrets Operator).",
        references: ["https://kubernetes.io/docs/concepts/configuration/secret/#information-security-for-secrets"],
        examples: ["apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  password: aHVudGVyMi1wcm9kLTlmM2M=\n"],
        negative: ["apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  username: YXBw\n  password: \"\"\n"])

    public static let kubernetesSecretStringData = rule(
        "k8s-secret-string-data", "Kubernetes Secret stringData in a manifest", .high, .medium, tags: ["kubernetes"],
        description: "A `kind: Secret` manifest holds a credential in plain text in `stringData:`.",
        remediation: "Rotate the secret and keep it out of the repository: create it at deploy time, or commit it encrypted (Sealed Secrets, SOPS) or as a reference (External Secrets Operator).",
        references: ["https://kubernetes.io/docs/concepts/configuration/secret/"],
        examples: ["apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\nstringData:\n  API_TOKEN: Zx8kQ2pL0vN5wR7tY3mB\n"],
        negative: ["apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\nstringData:\n  API_TOKEN: <set-at-deploy-time>\n"])

    public static let kubernetesConfigMapSecret = rule(
        "k8s-configmap-secret", "Secret in a Kubernetes ConfigMap", .high, .medium, tags: ["kubernetes"],
        description: "A ConfigMap (readable by anyone who can read the namespace's configuration) holds a secret-like key with a literal secret.",
        remediation: "Move the value to a Secret created outside the repository (or an External Secret), rotate it, and reference it with `valueFrom.secretKeyRef`.",
        references: ["https://kubernetes.io/docs/concepts/configuration/configmap/"],
        examples: ["apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  DB_PASSWORD: hunter2-prod-9f3c\n"],
        negative: ["apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  DB_HOST: db.internal\n  TOKEN_TTL: \"3600\"\n"])

    public static let kubernetesEnvSecret = rule(
        "k8s-env-secret", "Secret in a container env value", .high, .medium, tags: ["kubernetes"],
        description: "A container's `env:` sets a secret-like variable with a literal `value:` in a Deployment, Pod, Job or Helm values file.",
        remediation: "Reference a Secret instead of a literal: `- name: DB_PASSWORD` with `valueFrom: {secretKeyRef: {name: db, key: password}}`.",
        references: ["https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/"],
        examples: ["apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: app\n          env:\n            - name: DB_PASSWORD\n              value: hunter2-prod-9f3c\n"],
        negative: ["apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: app\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef: {name: db, key: password}\n            - name: TOKEN_TTL\n              value: \"3600\"\n"])

    public static let kubernetesCommandCredential = rule(
        "k8s-command-credential", "Credential in a container command or args", .high, .medium, tags: ["kubernetes"],
        description: "A container's `command:`/`args:` carries a literal credential (`--db-password=…`, `redis-server --requirepass …`); the pod spec is readable by anyone who can read the workload.",
        remediation: "Pass the credential through an environment variable from a Secret (`valueFrom.secretKeyRef`) and reference it in the arguments as `$(DB_PASSWORD)`.",
        references: ["https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/"],
        examples: ["apiVersion: v1\nkind: Pod\nmetadata:\n  name: cache\nspec:\n  containers:\n    - name: redis\n      image: redis:7\n      args: [\"--requirepass\", \"Zx8kQ2pL0vN5wR7t\"]\n"],
        negative: ["apiVersion: v1\nkind: Pod\nmetadata:\n  name: cache\nspec:\n  containers:\n    - name: redis\n      image: redis:7\n      args: [\"--requirepass\", \"$(REDIS_PASSWORD)\"]\n"])

    public static let helmValuesSecret = rule(
        "helm-values-secret", "Secret in Helm values", .high, .low, tags: ["helm-values"],
        description: "A Helm values file sets a secret-like key to a literal secret; values files are committed and rendered into manifests.",
        remediation: "Rotate the secret; keep values files free of secrets (`--set-file`/`--values` from a secret store at deploy time, helm-secrets/SOPS, or `existingSecret:` pointing at a Secret created outside the chart).",
        references: ["https://helm.sh/docs/chart_best_practices/values/"],
        examples: ["postgresql:\n  auth:\n    username: app\n    password: hunter2-prod-9f3c\n"],
        negative: ["postgresql:\n  auth:\n    existingSecret: db-credentials\n    password: \"\"\n"])

    // MARK: - Registry credentials

    public static let dockerConfigAuth = rule(
        "docker-registry-credentials", "Docker registry credentials", .critical, .high, tags: ["docker-config"],
        description: "A Docker client config (`~/.docker/config.json`, `~/.dockercfg`, or a `kubernetes.io/dockerconfigjson` Secret) holds registry credentials: `auths.<registry>.auth` is base64 of `user:password`.",
        remediation: "Revoke the password or token at the registry, delete the file from the repository (and its history), and use a credential helper (`credsStore`) or CI-provided credentials instead.",
        references: ["https://docs.docker.com/reference/cli/docker/login/#credential-stores"],
        examples: ["{\n  \"auths\": {\n    \"registry.example.com\": {\n      \"auth\": \"Y2k6Wng4a1EycEwwdk41d1I3dA==\"\n    }\n  }\n}\n"],
        negative: ["{\n  \"auths\": {\n    \"registry.example.com\": {}\n  },\n  \"credsStore\": \"desktop\"\n}\n"])

    // MARK: - CI build arguments

    public static let ciBuildArgSecret = rule(
        "ci-build-arg-secret", "Secret passed to docker build as a literal build argument", .high, .medium,
        tags: ["build-script"],
        description: "`docker build`/`buildx`/`podman build --build-arg NAME=literal` (or `docker/build-push-action` `build-args:`) passes a literal secret as a build argument: it is in the CI file and in the image history.",
        remediation: "Pass it as a build secret instead: `docker build --secret id=npm_token,env=NPM_TOKEN .` (GitHub Actions: `secrets: |` with `npm_token=${{ secrets.NPM_TOKEN }}` on docker/build-push-action), and in the Dockerfile `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci`",
        references: [buildSecretsDocs, "https://docs.docker.com/build/ci/github-actions/secrets/"],
        examples: ["#!/bin/sh\ndocker build --build-arg NPM_TOKEN=Zx8kQ2pL0vN5wR7tY3mB -t app .\n"],
        negative: ["#!/bin/sh\ndocker build --build-arg NPM_TOKEN=\"$NPM_TOKEN\" --build-arg VERSION=1.2.3 -t app .\n"])

    public static let cliEnvironmentSecret = rule(
        "docker-cli-env-secret", "Secret on a docker run command line", .high, .medium, tags: ["build-script"],
        description: "`docker run`/`create`/`service create` (or podman, nerdctl) gets a literal secret with `-e NAME=value`: it is in the script, in shell history and in `docker inspect` of the container.",
        remediation: "Pass the variable's name only (`-e DB_PASSWORD`, taking the value from the environment), use `--env-file` with a file outside the repository, or a Docker/Compose secret.",
        references: ["https://docs.docker.com/reference/cli/docker/container/run/#env"],
        examples: ["#!/bin/sh\ndocker run -d -e POSTGRES_PASSWORD=hunter2-prod-9f3c postgres:16\n"],
        negative: ["#!/bin/sh\ndocker run -d -e POSTGRES_PASSWORD -e PGDATA=/data postgres:16\n"])

    public static let ciVariableSecret = rule(
        "ci-variable-secret", "Secret in a CI variable", .high, .medium, tags: ["gitlab-ci"],
        description: "A CI definition sets a secret-like variable to a literal (GitLab CI `variables:`, GitHub Actions `env:`), so the secret is in the repository and reaches builds as plain configuration.",
        remediation: "Rotate the secret and define it as a masked, protected CI/CD variable (GitLab: Settings → CI/CD → Variables; GitHub: repository or environment secrets, used as `${{ secrets.NAME }}`).",
        references: ["https://docs.gitlab.com/ee/ci/variables/#cicd-variable-security",
                     "https://docs.github.com/en/actions/security-guides/using-secrets-in-github-actions"],
        examples: ["variables:\n  DOCKER_DRIVER: overlay2\n  NPM_TOKEN: Zx8kQ2pL0vN5wR7tY3mB\nbuild:\n  script:\n    - docker build --build-arg NPM_TOKEN=$NPM_TOKEN .\n"],
        negative: ["variables:\n  DOCKER_DRIVER: overlay2\n  NPM_TOKEN: $CI_JOB_TOKEN\n"])

    public static let ciDockerLoginPassword = rule(
        "ci-docker-login-password", "Literal registry password in docker/login-action", .critical, .high,
        tags: ["github-workflow"],
        description: "A GitHub Actions step `docker/login-action` has a literal `password:` instead of a secret reference.",
        remediation: "Rotate the password or token and use `password: ${{ secrets.REGISTRY_TOKEN }}` (or `${{ secrets.GITHUB_TOKEN }}` for ghcr.io).",
        references: ["https://github.com/docker/login-action#usage"],
        examples: ["on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          registry: ghcr.io\n          username: ci\n          password: Zx8kQ2pL0vN5wR7tY3mB\n"],
        negative: ["on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          username: ${{ github.actor }}\n          password: ${{ secrets.GITHUB_TOKEN }}\n"])
}
