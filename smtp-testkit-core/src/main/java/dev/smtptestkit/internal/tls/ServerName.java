package dev.smtptestkit.internal.tls;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A name a server certificate is valid for: a DNS name or an IP address, as a subject alternative
 * name (RFC 5280 4.2.1.6) in its canonical form. Parsing never resolves a name.
 *
 * @param name the canonical text: lower-case ASCII (A-labels) for a DNS name, the JDK's text for an address
 * @param address the address octets (4 or 16) when the name is an IP address, otherwise null
 */
public record ServerName(String name, byte[] address) {

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    /** RFC 1123 2.1 letters, digits and hyphens, plus "_" that test names use; RFC 6125 6.4.3 "*". */
    private static final Pattern DNS = Pattern.compile("[a-z0-9_*-]+(\\.[a-z0-9_-]+)*");
    private static final int MAX_DNS_LENGTH = 253;

    /** Names every generated server certificate carries, before the configured one. */
    static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "::1");

    /**
     * Parses a host name or an IP literal ({@code [::1]} brackets allowed).
     *
     * @param text the server name as configured
     * @return the name, canonical
     * @throws IllegalArgumentException when the text is neither a DNS name nor an IP literal, saying why
     */
    public static ServerName parse(String text) {
        String trimmed = text.strip();
        String literal = trimmed.startsWith("[") && trimmed.endsWith("]")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
        if (IPV4.matcher(literal).matches() || IPV6.matcher(literal).matches()) {
            try {
                InetAddress address = InetAddress.getByName(literal); // a literal: never a lookup
                return new ServerName(address.getHostAddress(), address.getAddress());
            } catch (UnknownHostException e) {
                throw invalid(text, "it is not a valid IP address");
            }
        }
        String ascii;
        try {
            ascii = IDN.toASCII(trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed)
                    .toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw invalid(text, "it is not a valid internationalized domain name (" + e.getMessage() + ")");
        }
        if (ascii.isEmpty() || ascii.length() > MAX_DNS_LENGTH || !DNS.matcher(ascii).matches()) {
            throw invalid(text, "a DNS name has 1 to 253 letters, digits, hyphens and dots");
        }
        return new ServerName(ascii, null);
    }

    /** The names a server certificate for {@code configured} carries: the loopback names, then it, once each. */
    static List<ServerName> forServer(String configured) {
        List<ServerName> names = new ArrayList<>();
        for (String text : LOOPBACK) {
            names.add(parse(text));
        }
        ServerName own = parse(configured);
        if (!names.contains(own)) {
            names.add(own);
        }
        return names;
    }

    /**
     * The address octets, a copy.
     *
     * @return 4 or 16 octets for an IP address, null for a DNS name
     */
    @Override
    public byte[] address() {
        return address == null ? null : address.clone();
    }

    /** Whether this name is an IP address. */
    public boolean isAddress() {
        return address != null;
    }

    /** RFC 5280 4.2.1.6: dNSName [2] IA5String, iPAddress [7] OCTET STRING, both IMPLICIT. */
    byte[] generalName() {
        return isAddress() ? Der.implicit(7, address) : Der.implicit(2, name.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerName that && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("Cannot create a TLS certificate for server name \"" + text
                + "\": " + why + ". Use a host name such as mail.example.test or an IP address.");
    }
}
