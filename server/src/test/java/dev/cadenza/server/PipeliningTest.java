package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A request pipelined behind a running generate on one connection is answered, or the connection says it closes. */
class PipeliningTest {
    @Test
    void aRequestPipelinedBehindARunningGenerateIsAnsweredOrTheConnectionCloses() throws Exception {
        try (TestServer s = TestServer.start(FailureTest.small(2, 2));
             Socket socket = new Socket("127.0.0.1", s.server.port())) {
            socket.setSoTimeout(30_000);
            String body = "{\"length\": 1500, \"seconds\": 0, \"seed\": 1}";
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/generate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            FailureTest.await(() -> s.server.scheduler().activeRows() == 1, 10_000, "the generate to run");
            Thread.sleep(400);
            out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawHttp.Exchange x = RawHttp.read(socket, 2);
            assertTrue(x.problem() == null || x.answers().size() == 2 || x.closed(), x.problem());
            RawHttp.Answer first = x.first();
            assertEquals(200, first.status(), first.text());
            if (x.answers().size() == 2) {
                assertEquals(200, x.answers().get(1).status());
                assertEquals("alive", TestServer.JSON.readTree(x.answers().get(1).body()).get("status").asText());
            } else {
                assertEquals("close", first.header("connection"), "the second request was dropped without a word");
                assertTrue(x.closed());
            }
        }
    }
}
