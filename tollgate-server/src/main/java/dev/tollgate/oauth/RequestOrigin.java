package dev.tollgate.oauth;

import dev.tollgate.identity.IpRateLimit;
import dev.tollgate.store.Client;
import java.util.Map;

/**
 * Where a token request comes from, once its client is authenticated: the end user's address when
 * the client is registered to forward it ({@code forwarded_user_ip}) and sends one, else the
 * client's own address. The request's count moves from the address's rate limit bucket to the
 * (client, address) bucket, so that the limit, the login queue and the audit log see that origin.
 * From any other client the forwarded address is ignored: only a client holding a credential can
 * vouch for whom it speaks for.
 */
public final class RequestOrigin {
    private final IpRateLimit limit;

    public RequestOrigin(IpRateLimit limit) {
        this.limit = limit;
    }

    /** The request as coming from its origin; 429 when that origin is over its limit. */
    public TokenRequest of(Client client, TokenRequest request) {
        String address = request.clientIp();
        TokenRequest.ForwardedUserIp forwarded = request.forwardedUserIp();
        if (client.forwardedUserIp() && forwarded != null) {
            if (forwarded.address() == null) {
                throw OAuthError.invalidRequest(forwarded.header() + " must be one IP address").exception();
            }
            address = forwarded.address();
        }
        limit.refund(IpRateLimit.key(null, request.clientIp()));
        long retryAfter = limit.acquire(IpRateLimit.key(client.id(), address));
        if (retryAfter > 0) {
            throw new OAuthException(OAuthError.tooManyRequests("too many requests from this address; retry later"),
                    Map.of("Retry-After", Long.toString(retryAfter)));
        }
        return request.from(address);
    }
}
