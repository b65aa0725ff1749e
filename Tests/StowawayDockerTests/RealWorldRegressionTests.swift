import Testing
@testable import StowawayDocker

/// Look-alikes met in public repositories (official images, Helm charts, Kubernetes examples) that must stay quiet.
@Suite struct RealWorldRegressionTests {
    @Test func gnupgFingerprintsInOfficialImages() {
        let text = """
            FROM debian:12
            RUN set -eux; \\
                key='B97B 0AFC AA1A 47F0 44F2  44A0 7FCC 7D46 ACCC 4CF8'; \\
                export GNUPGHOME="$(mktemp -d)"; \\
                gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "$key"; \\
                gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys B42F6819007F00F88E364FD4036A9C25BF357DD4; \\
                gpg --batch --export "$key" > /etc/apt/trusted.gpg.d/postgres.gpg
            """
        #expect(findings(text).isEmpty)
    }

    @Test func helmChartDefaultsAndDocumentation() {
        let text = """
            secrets:
              workerKeyPub: |-
                ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC496FSYFcBAKgDtMsBAJiF concourse
            oci:
              privateKey: |
                -----BEGIN RSA PRIVATE KEY-----
                -----END RSA PRIVATE KEY-----
            registry:
              htpasswd: harbor_registry_user:$2y$10$9L4Tc0DJbFFMB6RdSCunrOpTHdwhid4ktBJmLD00bYgqkkGOvll3m
            galera:
              configuration: |-
                [mysqld]
                wsrep_sst_auth="root:"
                # file_key_management_filekey=FILE:/encryption/keyfile.key
            service:
              annotationKey: external-dns.alpha.kubernetes.io/
            etcd:
              initialClusterToken: "etcd-cluster-k8s"
            """
        #expect(findings(text, path: "charts/app/values.yaml").isEmpty)
    }

    @Test func generatorTemplatesAreNotDockerfiles() {
        #expect(DockerFileKind.recognise(path: "Dockerfile-debian.template", prefix: []) == nil)
        #expect(DockerFileKind.recognise(path: "Dockerfile.j2", prefix: []) == nil)
    }

    @Test func sedExpressionsAndFeatureFlags() {
        let text = """
            FROM ubuntu:24.04
            ARG INSTALL_SSHPASS=false
            ARG CHANGE_SOURCE=false
            RUN if [ ${CHANGE_SOURCE} = true ]; then \
                  sed -i "s@http://.*archive.ubuntu.com@https://mirrors.example.com@g" /etc/apt/sources.list; \
                fi && if [ ${INSTALL_SSHPASS} = true ]; then apt-get install -y sshpass; fi
            """
        #expect(findings(text).isEmpty)
    }

    @Test func keyCopiedAsAPublicKey() {
        #expect(findings("FROM jenkins/jenkins\nCOPY jenkins.io-2026.key /war/jenkins-key.pub\n").isEmpty)
    }
}
