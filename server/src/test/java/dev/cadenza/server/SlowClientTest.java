package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Clients that send slowly or stall cannot take the threads health checks need, and are cut off in bounded time. */
class SlowClientTest {
    @Test
    void slowBodiesCannotStarveHealthAndAreRefused() throws Exception {
        HttpLimits limits = new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), 1024, 8);
        // The numbers, scaled: more slow clients than the pool has threads (2 + 2 + 8 + 64).
        int clients = 120;
        try (TestServer s = new TestServer(CadenzaServer.start(FailureTest.small(2, 2), limits))) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    Socket socket = new Socket("127.0.0.1", s.server.port());
                    socket.setSoTimeout(20_000);
                    OutputStream out = socket.getOutputStream();
                    // Every endpoint that reads a body: rendering's slow bodies must not starve health either.
                    String head = switch (i % 3) {
                        case 0 -> "POST /v1/generate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
                        case 1 -> "POST /v1/render HTTP/1.1\r\nHost: x\r\nContent-Type: audio/midi\r\n";
                        default -> "POST /v1/pianoroll HTTP/1.1\r\nHost: x\r\nContent-Type: audio/midi\r\n";
                    };
                    out.write((head + "Content-Length: 100000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    sockets.add(socket);
                }
                for (int round = 0; round < 3; round++) {
                    for (Socket socket : sockets) {
                        try {
                            socket.getOutputStream().write(' ');
                        } catch (java.io.IOException e) {
                            // already refused and closed: that is the point
                        }
                    }
                    long t0 = System.nanoTime();
                    HttpResponse<String> health = s.get("/healthz");
                    long millis = (System.nanoTime() - t0) / 1_000_000;
                    assertEquals(200, health.statusCode());
                    assertTrue(millis < 3000, "health took " + millis + " ms with " + clients + " slow bodies");
                    Thread.sleep(1000);
                }
                // Every slow client ends with a JSON refusal: 503 at once beyond the readers, 408 once too slow.
                int answered = 0;
                for (Socket socket : sockets) {
                    RawHttp.Exchange x = RawHttp.read(socket, 1);
                    if (x.answers().isEmpty()) continue;
                    RawHttp.Answer a = x.first();
                    assertTrue(List.of(408, 503).contains(a.status()), a.status() + " " + a.text());
                    HttpFramingTest.json(a);
                    answered++;
                }
                assertTrue(answered >= clients - 8, answered + " of " + clients + " slow clients were answered");
            } finally {
                for (Socket socket : sockets) socket.close();
            }
        }
    }

    @Test
    void aConnectionThatDawdlesOverItsHeadersIsClosed() throws Exception {
        HttpLimits limits = new HttpLimits(Duration.ofMillis(700), Duration.ofSeconds(30), 1024, 8);
        try (TestServer s = new TestServer(CadenzaServer.start(FailureTest.small(1, 1), limits));
             Socket socket = new Socket("127.0.0.1", s.server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            long t0 = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < 40 && !closed; i++) { // a byte every 100 ms: never idle, never done
                try {
                    out.write("GET /healthz HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".charAt(Math.min(i, 60)));
                    out.flush();
                } catch (java.io.IOException e) {
                    closed = true;
                }
                Thread.sleep(100);
                if (socket.getInputStream().available() == 0 && !closed) {
                    socket.setSoTimeout(1);
                    try {
                        closed = socket.getInputStream().read() < 0;
                    } catch (java.net.SocketTimeoutException e) {
                        // still open
                    } catch (java.io.IOException e) {
                        closed = true;
                    }
                    socket.setSoTimeout(5000);
                }
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(closed, "the connection was still open after " + millis + " ms of a dawdling request head");
            assertTrue(millis < 3000, "closed after " + millis + " ms");
            assertEquals(1, s.server.metrics().httpErrors());
        }
    }
}
