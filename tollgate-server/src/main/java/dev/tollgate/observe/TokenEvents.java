package dev.tollgate.observe;

/** What the token endpoint tells observers (metrics, audit) about each request's outcome. */
public interface TokenEvents {
    TokenEvents NONE = new TokenEvents() {
        @Override
        public void issued(String grantType, String clientId) {}

        @Override
        public void failed(String grantType, String error) {}
    };

    void issued(String grantType, String clientId);

    /** {@code grantType} is null when the request named none or an unsupported one. */
    void failed(String grantType, String error);
}
