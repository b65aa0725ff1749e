import Testing
@testable import StowawayDocker

/// RUN lines with credentials written into them (literal → docker-run-inline-credential), and secrets from variables
/// left in credential files (docker-run-credential-file-left).
@Suite struct RunCredentialTests {
    static let secret = Synthetic.secret(21, length: 18)
    static let token = Synthetic.secret(22, length: 36)

    static let leaks: [String] = [
        "curl -fsSL -u deploy:\(secret) https://files.example.com/app.tgz",
        "curl -u\"deploy:\(secret)\" https://files.example.com/app.tgz",
        "curl -H \"Authorization: Bearer \(secret)\" https://api.example.com",
        "curl --header 'PRIVATE-TOKEN: \(secret)' https://gitlab.example.com/api/v4/projects",
        "wget --http-password=\(secret) --http-user=ci https://files.example.com/app.tgz",
        "docker login -u ci -p \(secret) registry.example.com",
        "echo \(secret) | docker login --username ci --password-stdin registry.example.com",
        "git clone https://builder:\(secret)@git.example.com/org/app.git",
        "git clone https://\(token)@github.com/org/app.git",
        "npm config set //registry.npmjs.org/:_authToken=\(secret) && npm ci",
        "npm config set //registry.npmjs.org/:_authToken \(secret)",
        "yarn config set npmAuthToken \(secret)",
        "pip install --index-url https://ci:\(secret)@pypi.example.com/simple app",
        "pip install --extra-index-url https://ci:\(secret)@pypi.example.com/simple app",
        "echo \"machine api.example.com login ci password \(secret)\" > ~/.netrc",
        "printf '//registry.npmjs.org/:_authToken=\(secret)\\n' >> /root/.npmrc",
        "echo 'https://ci:\(secret)@github.com' > ~/.git-credentials",
        "mysql -uroot -p\(secret) -e 'CREATE DATABASE app'",
        "mysqladmin --password=\(secret) status",
        "sshpass -p \(secret) scp file host:/tmp",
        "redis-cli -a \(secret) ping",
        "mongosh --password \(secret) --eval 'db.stats()'",
        "htpasswd -bc /etc/nginx/.htpasswd admin \(secret)",
        "echo 'app:\(secret)' | chpasswd",
        "openssl pkcs12 -export -in c.pem -inkey k.pem -out a.p12 -passout pass:\(secret)",
        "keytool -importcert -keystore ks.jks -storepass \(secret) -file ca.crt",
        "composer config --global http-basic.repo.example.com ci \(secret)",
        "composer config -g github-oauth.github.com \(secret)",
        "export GITHUB_TOKEN=\(secret) && ./fetch.sh",
        "API_KEY=\(secret) ./configure",
        "JAVA_OPTS=\"-Xmx1g -Ddb.password=\(secret)\" ./run.sh",
        "java -Dspring.datasource.password=\(secret) -jar app.jar",
        "aws configure set aws_secret_access_key \(secret)",
        "kubectl create secret generic db --from-literal=password=\(secret)",
        "helm repo add private https://charts.example.com --username ci --password \(secret)",
        "sudo -u app env TOKEN=\(secret) ./sync.sh",
        "sh -c \"curl -u ci:\(secret) https://files.example.com/a\"",
        "./deploy --api-key \(secret)",
    ]

    @Test(arguments: leaks)
    func literalCredentialOnTheCommandLine(command: String) throws {
        let text = "FROM alpine\nRUN \(command)\n"
        let found = findings(text, rule: "docker-run-inline-credential")
        let finding = try #require(found.first, "nothing found in: \(command)")
        #expect(found.count == 1)
        #expect(finding.secret == Self.secret || finding.secret == Self.token)
        #expect(finding.location.line == 2)
        let lineText = "RUN \(command)"
        let expected = Array(lineText.utf8).firstRange(of: Array(finding.secret.utf8)).map { $0.lowerBound + 1 }
        #expect(finding.location.column == expected)
    }

    @Test func continuationLinesAndExecFormAndHeredocScripts() throws {
        let continued = "FROM alpine\nRUN apk add curl && \\\n    curl -fsSL \\\n      -u ci:\(Self.secret) \\\n      https://files.example.com/a\n"
        let finding = try #require(findings(continued, rule: "docker-run-inline-credential").first)
        #expect(finding.location.line == 4 && finding.location.column == 13)
        let exec = "FROM alpine\nRUN [\"curl\", \"-u\", \"ci:\(Self.secret)\", \"https://x.example.com\"]\n"
        #expect(findings(exec, rule: "docker-run-inline-credential").first?.secret == Self.secret)
        let heredoc = "FROM alpine\nRUN <<EOF\nset -e\ndocker login -u ci -p \(Self.secret) registry.example.com\nEOF\n"
        let fromHeredoc = try #require(findings(heredoc, rule: "docker-run-inline-credential").first)
        #expect(fromHeredoc.location.line == 4 && fromHeredoc.location.column == 23)
        let written = "FROM alpine\nRUN cat <<EOF > /root/.netrc\nmachine git.example.com\n  login ci\n  password \(Self.secret)\nEOF\n"
        let netrc = try #require(findings(written, rule: "docker-run-inline-credential").first)
        #expect(netrc.location.line == 5 && netrc.secret == Self.secret)
    }

    @Test(arguments: [
        "RUN --mount=type=secret,id=token,env=TOKEN curl -H \"Authorization: Bearer $TOKEN\" https://api.example.com",
        "RUN mysql -u root -p -e 'SELECT 1'",
        "RUN curl -u \"$USER:$PASS\" https://files.example.com/x",
        "RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci",
        "RUN docker login -u ci --password-stdin < /run/secrets/registry",
        "RUN git clone https://github.com/org/app.git",
        "RUN echo \"registry=https://npm.example.com/\" > ~/.npmrc",
        "RUN keytool -importcert -keystore ks.jks -storepass changeit -file ca.crt",
        "RUN curl -u ci https://files.example.com/a",
        "RUN ./configure --with-token-file=/run/secrets/token --password-file /run/secrets/pw",
        "RUN pip install --index-url https://pypi.example.com/simple app",
        "RUN echo \"${NPM_TOKEN}\" > ~/.npmrc && npm ci && rm -f ~/.npmrc",
    ])
    func runNegatives(line: String) {
        #expect(findings("FROM alpine\n\(line)\n").isEmpty)
    }

    @Test func secretFromVariableLeftInACredentialFile() throws {
        let text = "FROM node:20\nRUN --mount=type=secret,id=t,env=NPM_TOKEN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > /root/.npmrc\nRUN npm ci\n"
        let finding = try #require(findings(text, rule: "docker-run-credential-file-left").first)
        #expect(finding.secret == "written:${NPM_TOKEN}" && finding.location.line == 2)
        let npmConfig = "FROM node:20\nRUN --mount=type=secret,id=t,env=NPM_TOKEN npm config set //registry.npmjs.org/:_authToken \"$NPM_TOKEN\"\n"
        #expect(findings(npmConfig, rule: "docker-run-credential-file-left").first?.secret == "written:$NPM_TOKEN")
        let tee = "FROM alpine\nRUN --mount=type=secret,id=n,env=NETRC_PASSWORD printf 'machine x login y password %s' \"$NETRC_PASSWORD\" | tee /root/.netrc\n"
        #expect(findings(tee, rule: "docker-run-credential-file-left").count == 1)
        let copied = "FROM node:20\nRUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc /root/.npmrc\nRUN npm ci\n"
        #expect(findings(copied, rule: "docker-run-credential-file-left").first?.secret == "written:/run/secrets/npmrc")
        let catted = "FROM node:20\nRUN --mount=type=secret,id=netrc cat /run/secrets/netrc > ~/.netrc\n"
        #expect(findings(catted, rule: "docker-run-credential-file-left").first?.location.line == 2)
        let cleaned = "FROM node:20\nRUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc ~/.npmrc && npm ci && rm ~/.npmrc\n"
        #expect(findings(cleaned).isEmpty)
    }

    @Test func shellScriptSplitsCommandsPipesAndRedirections() {
        let script = MappedText(Array("a x | b > out; c <<EOF && d 2>&1 'q w'".utf8)[...], startingAt: 0)
        let commands = ShellScript.commands(in: script)
        #expect(commands.map { $0.words.map(\.string) } == [["a", "x"], ["b"], ["c"], ["d", "q w"]])
        #expect(commands[1].pipedFrom == 0)
        #expect(commands[1].redirections.first?.target?.string == "out")
        #expect(commands[2].redirections.first?.heredoc == 0)
        #expect(commands[3].redirections.first?.operation == ">&")
    }
}
