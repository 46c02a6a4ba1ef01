package dev.smtptestkit.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** A raw SMTP client for TLS edge cases: it writes exactly what a test says and can start TLS on demand. */
final class TlsClient implements AutoCloseable {

    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    private TlsClient(Socket socket) throws IOException {
        use(socket);
    }

    static TlsClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        return new TlsClient(socket);
    }

    private void use(Socket next) throws IOException {
        socket = next;
        in = new BufferedReader(new InputStreamReader(next.getInputStream(), StandardCharsets.UTF_8));
        out = next.getOutputStream();
    }

    /** Writes the text as it is (CRLFs included by the caller). */
    TlsClient write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Reads one whole reply and returns its lines. */
    List<String> reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed after " + lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
        }
    }

    /** One command, its reply's last line. */
    String send(String command) throws IOException {
        write(command + "\r\n");
        List<String> lines = reply();
        return lines.get(lines.size() - 1);
    }

    /** Starts TLS over the connection as a client that checks the host name and sends it as SNI (RFC 6066 3). */
    TlsClient startTls(SSLContext context, String host) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        // the JDK sends no SNI for a name without a dot ("localhost"); curl and Python do
        parameters.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(host)));
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        use(tls);
        return this;
    }

    /**
     * Whether the server closes the connection within the read timeout: what it still sends (a
     * TLS alert, say) is read and dropped, up to 64 KiB, until the end of the stream.
     */
    boolean closedByServer() throws IOException {
        try {
            for (int n = 0; n < 65_536; n++) {
                if (socket.getInputStream().read() < 0) {
                    return true;
                }
            }
            return false;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
