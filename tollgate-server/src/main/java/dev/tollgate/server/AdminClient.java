package dev.tollgate.server;

import dev.tollgate.admin.ClientSpec;
import dev.tollgate.store.Api;
import java.util.List;

/** A machine client for the admin API: client credentials, the admin scopes and nothing else. */
public final class AdminClient {
    public static final String DEFAULT_ID = "admin";

    private AdminClient() {}

    /** With {@code secret} null, a secret is generated at registration. */
    public static ClientSpec spec(String id, String secret) {
        return new ClientSpec(id, secret, secret == null, List.of("client_credentials"),
                List.of(Api.ADMIN_SCOPE, Api.ADMIN_READ_SCOPE), null, null, null, null, null);
    }

    public static String tokenCurl(String tokenUrl, String id, String secret) {
        return "curl -s " + tokenUrl + " -u " + id + ":" + secret + " -d grant_type=client_credentials -d scope="
                + Api.ADMIN_SCOPE;
    }
}
