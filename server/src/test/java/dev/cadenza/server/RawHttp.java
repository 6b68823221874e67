package dev.cadenza.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A bare-socket HTTP/1.1 client for tests that must send what no well-behaved client sends (broken framing,
 * pipelining, slow bodies) and read every answer byte for byte, including how the connection ends.
 */
final class RawHttp {
    /** One answer as it came off the wire. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The answers read, and whether the server closed the connection after them. */
    record Exchange(List<Answer> answers, boolean closed, String problem) {
        Answer first() {
            if (answers.isEmpty()) throw new AssertionError("no answer" + (problem == null ? "" : ": " + problem));
            return answers.get(0);
        }
    }

    private RawHttp() {
    }

    /** Sends {@code request} as is and reads up to {@code expected} answers, waiting at most {@code millis} for each. */
    static Exchange send(int port, byte[] request, int expected, int millis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(millis);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return read(socket, expected);
        }
    }

    static Exchange send(int port, String request, int expected, int millis) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1), expected, millis);
    }

    /** Reads up to {@code expected} answers from an open socket (its timeout applies to every read). */
    static Exchange read(Socket socket, int expected) throws IOException {
        InputStream in = socket.getInputStream();
        List<Answer> answers = new ArrayList<>();
        try {
            while (answers.size() < expected) {
                String status = line(in);
                if (status == null) return new Exchange(answers, true, null);
                if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                    return new Exchange(answers, false, "not a status line: " + status);
                }
                int code = Integer.parseInt(status.substring(9, 12));
                Map<String, String> headers = new LinkedHashMap<>();
                for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                    int colon = h.indexOf(':');
                    if (colon < 0) return new Exchange(answers, false, "not a header: " + h);
                    headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                }
                byte[] body;
                if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                    body = chunked(in);
                } else if (headers.containsKey("content-length")) {
                    body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
                } else {
                    body = in.readAllBytes();
                }
                answers.add(new Answer(code, headers, body));
                if ("close".equalsIgnoreCase(headers.get("connection"))) {
                    return new Exchange(answers, in.read() < 0, null);
                }
            }
            return new Exchange(answers, false, null);
        } catch (SocketTimeoutException e) {
            return new Exchange(answers, false, "timed out after " + answers.size() + " answers");
        } catch (java.net.SocketException e) {
            return new Exchange(answers, true, e.getMessage());
        }
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) throw new IOException("the chunked body ended early");
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                while (true) {
                    String trailer = line(in);
                    if (trailer == null || trailer.isEmpty()) return out.toByteArray();
                }
            }
            out.write(in.readNBytes(n));
            line(in);
        }
    }

    /** A CRLF-ended line without its ending, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = b.length();
                if (n > 0 && b.charAt(n - 1) == '\r') b.setLength(n - 1);
                return b.toString();
            }
            b.append((char) c);
        }
        return b.length() == 0 ? null : b.toString();
    }
}
