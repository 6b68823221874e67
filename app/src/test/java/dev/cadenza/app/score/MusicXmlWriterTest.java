package dev.cadenza.app.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.midi.TimeSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.w3c.dom.ls.LSInput;

/** Scores that the MusicXML schema accepts, that add up bar by bar, and that MuseScore opens. */
class MusicXmlWriterTest {
    @TempDir
    Path dir;

    /**
     * In 4/4 at 12 steps a quarter: a loud C major chord on beat 1 (a quarter), soft triplet eighths E-F-G, a low C
     * held from beat 4 across the bar line into bar 2, and a B5 sixteenth at the end of bar 2.
     */
    private static final Piece SMALL = new Piece("small", List.of(
            new Note(0, 1, 60, 110), new Note(0, 1, 64, 110), new Note(0, 1, 67, 110),
            new Note(1, 1 / 3.0, 64, 30), new Note(4 / 3.0, 1 / 3.0, 65, 30), new Note(5 / 3.0, 1 / 3.0, 67, 30),
            new Note(3, 2, 36, 80), new Note(7.75, 0.25, 83, 80)), 96);

    @Test
    void aSmallPieceIsValidMusicXmlWithTiesTripletsDynamicsAndTwoStaves() throws Exception {
        Path file = dir.resolve("small.musicxml");
        MusicXmlWriter.write(SMALL, file, List.of());
        Document doc = validated(file);
        assertEquals("2", text(doc, "staves"));
        assertEquals("12", text(doc, "divisions"));
        assertEquals("4", text(doc, "beats"));
        assertEquals(2, doc.getElementsByTagName("measure").getLength());
        assertEquals(List.of("G", "F"), texts(doc, "sign"));
        // the low C of bar 1 (beat 4) is tied into bar 2, on the bass staff
        List<Element> ties = elements(doc, "tie");
        assertEquals(List.of("start", "stop"), ties.stream().map(t -> t.getAttribute("type")).toList());
        Element held = (Element) ties.get(0).getParentNode();
        assertEquals("2", childText(held, "staff"));
        assertEquals("C", childText((Element) held.getElementsByTagName("pitch").item(0), "step"));
        assertEquals("2", childText((Element) held.getElementsByTagName("pitch").item(0), "octave"));
        // three triplet eighths, a chord of three, loud then soft
        assertEquals(3, doc.getElementsByTagName("time-modification").getLength());
        assertEquals(2, doc.getElementsByTagName("chord").getLength());
        assertEquals(1, doc.getElementsByTagName("ff").getLength());
        assertEquals(1, doc.getElementsByTagName("pp").getLength());
        assertBarsAddUp(doc, 48);
    }

    @Test
    void aRealPieceInItsOwnMetreAddsUpBarByBar() throws Exception {
        Path mid = Path.of("..", "midi_songs", "maple-leaf-rag.mid");
        Piece piece = new MidiReader().read(mid);
        List<TimeSignature> meter = TimeSignature.read(mid);
        Path file = dir.resolve("maple.musicxml");
        MusicXmlWriter.write(piece, file, meter);
        Document doc = validated(file);
        assertEquals("2", text(doc, "beats"), "the rag's 2/4");
        assertBarsAddUp(doc, 24);
        int notes = 0;
        NodeList all = doc.getElementsByTagName("note");
        for (int i = 0; i < all.getLength(); i++) {
            Element n = (Element) all.item(i);
            boolean continued = false;
            NodeList ties = n.getElementsByTagName("tie");
            for (int t = 0; t < ties.getLength(); t++) continued |= ((Element) ties.item(t)).getAttribute("type").equals("stop");
            if (n.getElementsByTagName("pitch").getLength() > 0 && !continued) notes++;
        }
        // every note is written once (chords that start together keep all their notes; a note starting while
        // another of its staff still sounds is the only kind a one-voice staff leaves out)
        assertTrue(notes > 0.8 * piece.notes().size() && notes <= piece.notes().size(), notes + " of " + piece.notes().size());
    }

    @Test
    void museScoreOpensTheScoreAndDrawsIt() throws Exception {
        assumeTrue(onPath("mscore3"), "MuseScore 3 (Debian: musescore3) is not installed");
        Path file = dir.resolve("small.musicxml");
        MusicXmlWriter.write(SMALL, file, List.of());
        Path png = dir.resolve("small.png");
        ProcessBuilder pb = new ProcessBuilder("mscore3", "-o", png.toString(), file.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mscore.log").toFile());
        pb.environment().put("QT_QPA_PLATFORM", "offscreen");
        pb.environment().put("XDG_RUNTIME_DIR", dir.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "MuseScore finishes");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("mscore.log")));
        Path page = Files.exists(dir.resolve("small-1.png")) ? dir.resolve("small-1.png") : png;
        var image = ImageIO.read(page.toFile());
        assertTrue(image.getWidth() > 500 && image.getHeight() > 500, image.getWidth() + " x " + image.getHeight());
        int ink = 0;
        for (int x = 0; x < image.getWidth(); x += 2) {
            for (int y = 0; y < image.getHeight(); y += 2) {
                int rgb = image.getRGB(x, y);
                int alpha = (rgb >>> 24);
                int grey = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
                if (alpha > 128 && grey < 300) ink++;
            }
        }
        assertTrue(ink > 500, "staves and notes drawn: " + ink);
    }

    /** In every bar, each staff's notes (chord members not counted) and its backup make up exactly one bar. */
    private static void assertBarsAddUp(Document doc, int barSteps) {
        NodeList measures = doc.getElementsByTagName("measure");
        for (int m = 0; m < measures.getLength(); m++) {
            Element measure = (Element) measures.item(m);
            int[] perStaff = new int[3];
            NodeList children = measure.getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (!(children.item(i) instanceof Element e) || !e.getTagName().equals("note")) continue;
                if (e.getElementsByTagName("chord").getLength() > 0) continue;
                perStaff[Integer.parseInt(childText(e, "staff"))] += Integer.parseInt(childText(e, "duration"));
            }
            assertEquals(barSteps, perStaff[1], "treble of bar " + (m + 1));
            assertEquals(barSteps, perStaff[2], "bass of bar " + (m + 1));
        }
    }

    /** Parsed without fetching the DTD, then checked against ProxyMusic's MusicXML 4.0 schema. */
    private static Document validated(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(file.toFile());
        SchemaFactory schemas = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        schemas.setResourceResolver((type, namespace, publicId, systemId, baseUri) -> local(systemId));
        try (InputStream xsd = MusicXmlWriterTest.class.getResourceAsStream("/META-INF/jaxb/xsd/musicxml.xsd")) {
            schemas.newSchema(new StreamSource(xsd)).newValidator().validate(new DOMSource(doc));
        }
        return doc;
    }

    private static LSInput local(String systemId) {
        String name = systemId.substring(systemId.lastIndexOf('/') + 1);
        InputStream in = MusicXmlWriterTest.class.getResourceAsStream("/musicxml/" + name);
        if (in == null) return null;
        try {
            var ls = ((org.w3c.dom.ls.DOMImplementationLS) javax.xml.parsers.DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder().getDOMImplementation().getFeature("LS", "3.0")).createLSInput();
            ls.setByteStream(in);
            ls.setSystemId(systemId);
            return ls;
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) return true;
        }
        return false;
    }

    private static String text(Document doc, String tag) {
        return doc.getElementsByTagName(tag).item(0).getTextContent().strip();
    }

    private static List<String> texts(Document doc, String tag) {
        List<String> out = new ArrayList<>();
        NodeList l = doc.getElementsByTagName(tag);
        for (int i = 0; i < l.getLength(); i++) out.add(l.item(i).getTextContent().strip());
        return out;
    }

    private static List<Element> elements(Document doc, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList l = doc.getElementsByTagName(tag);
        for (int i = 0; i < l.getLength(); i++) out.add((Element) l.item(i));
        return out;
    }

    private static String childText(Element e, String tag) {
        return e.getElementsByTagName(tag).item(0).getTextContent().strip();
    }
}
