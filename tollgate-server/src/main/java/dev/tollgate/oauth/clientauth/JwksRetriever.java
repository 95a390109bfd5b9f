package dev.tollgate.oauth.clientauth;

import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URL;
import java.net.URLConnection;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Fetches a client's JWK Set for Nimbus, within bounds a hostile or broken {@code jwks_uri} cannot
 * stretch: https only (plain http only to a loopback address), no redirects, at most
 * {@link #SIZE_LIMIT} bytes, and the whole fetch cut off after {@link #TOTAL_MILLIS} however slowly
 * the server drips its answer (connect and read timeouts alone bound each step, not their sum).
 */
public final class JwksRetriever extends DefaultResourceRetriever {
    static final int CONNECT_MILLIS = 2_000;
    static final int READ_MILLIS = 2_000;
    static final int SIZE_LIMIT = 64 * 1024;
    static final long TOTAL_MILLIS = 5_000;
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9A-Fa-f:.]+]?");
    private static final ScheduledExecutorService CUTOFF = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tollgate-jwks-cutoff");
        thread.setDaemon(true);
        return thread;
    });

    JwksRetriever() {
        super(CONNECT_MILLIS, READ_MILLIS, SIZE_LIMIT, true);
    }

    @Override
    public Resource retrieveResource(URL url) throws IOException {
        if (!allowed(url.getProtocol(), url.getHost())) {
            throw new IOException("jwks_uri must be https (plain http only to a loopback address)");
        }
        return super.retrieveResource(url);
    }

    @Override
    protected HttpURLConnection openHTTPConnection(URL url) throws IOException {
        HttpURLConnection connection = super.openHTTPConnection(url);
        connection.setInstanceFollowRedirects(false);
        // closing the connection from another thread ends a read in progress: the fetch's total bound
        CUTOFF.schedule(connection::disconnect, TOTAL_MILLIS, TimeUnit.MILLISECONDS);
        return connection;
    }

    @Override
    protected URLConnection openFileConnection(URL url) throws IOException {
        throw new IOException("jwks_uri must be an https URL");
    }

    /** https anywhere; http only to a loopback address (named localhost or an IP literal), never by DNS. */
    public static boolean allowed(String scheme, String host) {
        String lower = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        if (lower.equals("https")) {
            return true;
        }
        return lower.equals("http") && isLoopback(host);
    }

    private static boolean isLoopback(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!IP_LITERAL.matcher(host).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
