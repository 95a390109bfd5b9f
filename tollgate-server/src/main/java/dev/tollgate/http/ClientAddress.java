package dev.tollgate.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * Decides a request's client IP address: the socket's peer, or, when the peer is one of the
 * trusted proxies, what they report in {@code X-Forwarded-For}. The header is read from the right
 * (the entry the nearest proxy added) past every trusted proxy; the first address that is not one
 * is the client. An entry that is not an IP address stops the walk at the last trusted hop, since
 * anything to its left came from the untrusted side.
 */
final class ClientAddress {
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

    private final InetAddressSet trusted = new InetAddressSet();

    /** @param trustedProxies IP addresses and CIDR ranges, already checked by the configuration */
    ClientAddress(List<String> trustedProxies) {
        trustedProxies.forEach(trusted::add);
    }

    InetAddress resolve(String peer, List<String> forwardedFor) {
        InetAddress client = parse(peer);
        if (client == null) {
            throw new IllegalStateException("socket peer is not an IP address");
        }
        if (trusted.isEmpty() || forwardedFor.isEmpty()) {
            return client;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        for (int i = hops.size() - 1; i >= 0 && trusted.test(client); i--) {
            InetAddress hop = parse(hops.get(i));
            if (hop == null) {
                break;
            }
            client = hop;
        }
        return client;
    }

    /**
     * An IP address literal, or null. Only literals reach {@link InetAddress#getByName}, which then
     * parses them without asking DNS; a host name is never looked up.
     */
    static InetAddress parse(String literal) {
        if (literal == null || !(IPV4.matcher(literal).matches() || IPV6.matcher(literal).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
