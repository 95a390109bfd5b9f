package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.Config;
import dev.tollgate.config.ConfigException;
import dev.tollgate.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** [oauth] default_directory, [[directories]] and a client's directories: defaults, the bind password's variable, and every key that cannot work. */
class DirectoryConfigTest {
    static final String CORP = """
            [[directories]]
            name = "corp"
            type = "ldap"
            urls = ["ldap://dc1.example.com:389", "ldaps://dc2.example.com:636"]
            bind_dn = "uid=svc-bind,ou=people,dc=example,dc=com"
            bind_password = "from-the-file"
            user_base = "ou=people,dc=example,dc=com"
            """;

    @TempDir
    Path dir;

    Config load(String toml, Map<String, String> env) throws IOException {
        Path file = dir.resolve("tollgate.toml");
        Files.writeString(file, toml);
        return new ConfigLoader().load(file, env, Map.of());
    }

    Config load(String toml) throws IOException {
        return load(toml, Map.of());
    }

    void refused(String toml, String message) {
        assertThatThrownBy(() -> load(toml)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }

    @Test
    void defaultsAreTheDocumentedOnes() throws IOException {
        Config config = load(CORP);
        assertThat(config.oauth().defaultDirectory()).isEqualTo("database");
        assertThat(config.tokens().directoryRecheckSeconds()).isEqualTo(300);
        Config.DirectoryEntry corp = config.directories().get(0);
        assertThat(corp.urls()).containsExactly("ldap://dc1.example.com:389", "ldaps://dc2.example.com:636");
        assertThat(corp.startTls()).isFalse();
        assertThat(corp.trustCert()).isEmpty();
        assertThat(corp.userFilter()).isEqualTo("(uid={username})");
        assertThat(corp.idAttribute()).isEqualTo("entryUUID");
        assertThat(corp.groupBase()).isEmpty();
        assertThat(corp.groupScopes()).isEmpty();
        assertThat(corp.defaultScopes()).isEmpty();
        assertThat(corp.poolSize()).isEqualTo(8);
        assertThat(corp.timeoutMs()).isEqualTo(3000);
        assertThat(corp.claims()).isEmpty();
        assertThat(corp.migrateTo()).isNull();
    }

    @Test
    void everyKeyOfTheIssueReads() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not checked until it is used");
        Config config = load("""
                [oauth]
                default_directory = "corp"

                [[directories]]
                name = "corp"
                type = "ldap"
                urls = ["ldap://dc1.example.com:389"]
                start_tls = true
                trust_cert = "%s"
                bind_dn = "CN=svc-bind,CN=Users,DC=example,DC=com"
                bind_password = "secret"
                user_base = "CN=Users,DC=example,DC=com"
                user_filter = "(&(objectClass=user)(sAMAccountName={username}))"
                id_attribute = "objectGUID"
                group_base = "CN=Groups,DC=example,DC=com"
                default_scopes = ["profile"]
                pool_size = 4
                timeout_ms = 1500
                migrate_to = "database"
                [directories.group_scopes]
                "CN=Readers,CN=Groups,DC=example,DC=com" = ["read"]
                [directories.claims]
                email = "mail"
                name = "displayName"

                [[clients]]
                id = "app"
                secret = "app-secret"
                directories = ["corp", "database"]
                """.formatted(ca.toString().replace("\\", "\\\\")));
        assertThat(config.oauth().defaultDirectory()).isEqualTo("corp");
        Config.DirectoryEntry corp = config.directories().get(0);
        assertThat(corp.startTls()).isTrue();
        assertThat(corp.idAttribute()).isEqualTo("objectGUID");
        assertThat(corp.groupScopes()).isEqualTo(Map.of("CN=Readers,CN=Groups,DC=example,DC=com", List.of("read")));
        assertThat(corp.claims()).isEqualTo(Map.of("email", "mail", "name", "displayName"));
        assertThat(corp.poolSize()).isEqualTo(4);
        assertThat(corp.timeoutMs()).isEqualTo(1500);
        assertThat(corp.migrateTo()).isEqualTo("database");
        assertThat(config.clients().get(0).directories()).containsExactly("corp", "database");
    }

    @Test
    void theBindPasswordMayComeFromTheEnvironment() throws IOException {
        Config config = load(CORP.replace("corp", "corp-eu"),
                Map.of("TOLLGATE_DIRECTORIES_CORP_EU_BIND_PASSWORD", "from-the-environment"));
        assertThat(config.directories().get(0).bindPassword()).isEqualTo("from-the-environment");
        assertThat(load(CORP.replace("bind_password = \"from-the-file\"\n", ""),
                Map.of("TOLLGATE_DIRECTORIES_CORP_BIND_PASSWORD", "env")).directories().get(0).bindPassword())
                .isEqualTo("env");
        refused(CORP.replace("bind_password = \"from-the-file\"\n", ""),
                "'directories[0].bind_password' is required with bind_dn (or set TOLLGATE_DIRECTORIES_CORP_BIND_PASSWORD)");
    }

    @Test
    void keysThatCannotWorkAreRefusedByName() {
        refused(CORP + "colour = \"blue\"\n", "unknown config key 'directories[0].colour'");
        refused(CORP.replace("name = \"corp\"", "name = \"database\""), "'directories[0].name' 'database' is the built-in");
        refused(CORP.replace("name = \"corp\"", "name = \"corp dir\""), "'directories[0].name' is required");
        refused(CORP + CORP, "'directories[1].name' repeats directory 'corp'");
        refused(CORP.replace("type = \"ldap\"", "type = \"kerberos\""), "'directories[0].type' must be \"ldap\"");
        refused(CORP.replace("ldaps://dc2.example.com:636", "http://dc2.example.com"), "'directories[0].urls'");
        refused(CORP.replace("urls = [\"ldap://dc1.example.com:389\", \"ldaps://dc2.example.com:636\"]", "urls = []"),
                "'directories[0].urls' needs at least one");
        refused(CORP.replace("user_base = \"ou=people,dc=example,dc=com\"", "user_base = \"not a dn\""),
                "'directories[0].user_base'");
        refused(CORP + "user_filter = \"(uid=alice)\"\n", "'directories[0].user_filter' must be an LDAP filter with {username}");
        refused(CORP + "user_filter = \"(uid={username}\"\n", "'directories[0].user_filter'");
        refused(CORP + "trust_cert = \"/nonexistent/ca.pem\"\n", "'directories[0].trust_cert' names a file that cannot be read");
        refused(CORP + "pool_size = 0\n", "'directories[0].pool_size' must be at least 1");
        refused(CORP + "timeout_ms = 0\n", "'directories[0].timeout_ms' must be at least 1");
        refused(CORP + "migrate_to = \"corp\"\n", "'directories[0].migrate_to' must be \"database\"");
        refused(CORP + "[directories.group_scopes]\n\"readers\" = [\"read\"]\n", "'directories[0].group_scopes' key 'readers'");
        refused(CORP + "[directories.claims]\nshoe_size = \"shoeSize\"\n", "'directories[0].claims' unknown claim 'shoe_size'");
        refused(CORP + "pool_size = \"many\"\n", "'directories[0].pool_size' has a value of the wrong type");
        refused("[oauth]\ndefault_directory = \"corp\"\n", "'oauth.default_directory' names no directory (known: database)");
        refused(CORP + "[[clients]]\nid = \"app\"\nsecret = \"s\"\ndirectories = [\"nope\"]\n",
                "'clients[0].directories' unknown directory 'nope' (known: database, corp)");
        refused(CORP + "[[clients]]\nid = \"app\"\nsecret = \"s\"\ndirectories = [\"corp\", \"corp\"]\n",
                "'clients[0].directories' repeats 'corp'");
        refused("[tokens]\ndirectory_recheck_seconds = -1\n", "'tokens.directory_recheck_seconds'");
    }
}
