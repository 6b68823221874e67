package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The playground page in a real headless Chromium: it loads, lists the model, generates a piece, plays it through
 * the server's renderer, shows its piano roll and offers its MIDI, with nothing in the browser's console. Skipped,
 * saying so, only where Chromium or its driver is not installed (CI installs both: .ci/run).
 */
class PlaygroundBrowserTest {
    @Test
    void aPieceIsGeneratedHeardSeenAndDownloaded() throws Exception {
        Optional<Path[]> browser = Chromium.installed();
        assumeTrue(browser.isPresent(), "skipped: no Chromium with its driver here (apt-get install chromium chromium-driver)");
        Path scratch = Files.createDirectories(Path.of("target", "playground"));
        try (TestServer s = TestServer.start();
             Chromium page = new Chromium(browser.get()[0], browser.get()[1], scratch)) {
            page.open(s.server.url() + "/");
            page.await("!document.getElementById('generate').disabled", Duration.ofSeconds(30));
            assertEquals("default", page.run("return document.getElementById('model').value;").asText());
            page.run("document.getElementById('seconds').value = '8';"
                    + "document.getElementById('length').value = '600';"
                    + "document.getElementById('seed').value = '7';"
                    + "document.getElementById('noRepeatNgram').value = '4';"
                    + "document.getElementById('key').value = 'Am';");
            page.click("#generate");
            page.await("document.body.dataset.generated === '1' && document.querySelector('.piece audio').readyState >= 1",
                    Duration.ofSeconds(120));

            String audioSource = page.run("return document.querySelector('.piece audio').currentSrc;").asText();
            assertTrue(audioSource.startsWith("blob:"), "the audio element plays the rendered WAV: " + audioSource);
            assertTrue(page.run("const a = document.querySelector('.piece audio'); return a.error === null && a.duration > 2;")
                    .asBoolean(), "the browser decoded the audio: music beyond the renderer's 2 s tail");
            page.await("document.querySelector('.piece img').naturalWidth > 100", Duration.ofSeconds(30));
            String fileName = page.run("return document.querySelector('.piece a[download]').download;").asText();
            // Named for what it is (model, key, seed, number), not for the upload the renderers read: the download,
            // the card's title and the piano roll (whose picture is titled with the name the page asks it for).
            assertEquals("default-A-minor-7-01.mid", fileName);
            assertEquals("default-A-minor-7-01", page.run("return document.querySelector('.piece h2').textContent;").asText());
            assertTrue(page.run("return performance.getEntriesByType('resource').some(e => "
                    + "e.name.endsWith('/v1/pianoroll?name=default-A-minor-7-01'));").asBoolean(), "the roll is asked for by name");

            // The MIDI the page offers is the one the API (and so generate) makes for the same settings, the page's
            // decoding control (no-repeat 4) included.
            String offered = page.runAsync("const done = arguments[arguments.length - 1];"
                    + "fetch(document.querySelector('.piece a[download]').href).then(r => r.arrayBuffer()).then(b => {"
                    + "  let s = ''; for (const x of new Uint8Array(b)) s += String.fromCharCode(x); done(btoa(s)); });").asText();
            byte[] direct = s.post("{\"seconds\": 8, \"length\": 600, \"seed\": 7, \"temperature\": 1.0, \"topP\": 0.95, "
                    + "\"noRepeatNgram\": 4, \"key\": \"Am\", \"name\": \"default-A-minor\"}", "audio/midi").body();
            assertArrayEquals(direct, Base64.getDecoder().decode(offered));

            page.screenshot(scratch.resolve("playground.png"));
            List<String[]> console = page.console();
            for (String[] entry : console) {
                assertTrue(!entry[0].equals("SEVERE") && !entry[0].equals("WARNING"),
                        "the console stays clean: " + entry[0] + " " + entry[1]);
            }
        }
    }
}
