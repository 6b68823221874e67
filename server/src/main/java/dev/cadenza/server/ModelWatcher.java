package dev.cadenza.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Keeps a server's models in step with a folder while it serves ({@code serve --model FOLDER --watch}): a {@code .onnx}
 * file that appears is loaded, one that disappears is unloaded, one that changes is unloaded and loaded again. The
 * folder is looked at every {@code every}; a file is taken once it has kept its size and time for one look, so a copy
 * still being written is not read half-done (copying elsewhere and renaming in is the safe way all the same).
 *
 * <p>A file that cannot be served (not a model, broken, or named like a served model) is reported in one line naming
 * it and the problem, and tried again only when it changes; the server keeps serving. The default model (the first)
 * stays even if its file goes.
 */
public final class ModelWatcher implements AutoCloseable {
    /** What a file looked like: a change to either means a new file. */
    private record Stamp(long size, long modified) {
    }

    private final CadenzaServer server;
    private final Path folder;
    private final Duration every;
    private final PrintWriter log;
    private final Thread thread;
    /** The files this watcher serves (loaded at start or since), by model name. */
    private final Map<String, Stamp> served = new HashMap<>();
    /** Files seen at the last look that are not served yet: loaded once unchanged for a look. */
    private final Map<Path, Stamp> settling = new HashMap<>();
    /** Files that failed, with the stamp they failed with: not tried again until they change. */
    private final Map<Path, Stamp> failed = new HashMap<>();

    public ModelWatcher(CadenzaServer server, Path folder, Duration every, PrintWriter log) throws IOException {
        this.server = server;
        this.folder = folder;
        this.every = every;
        this.log = log;
        // The models the server was started with from this folder are this watcher's to unload.
        for (Map.Entry<Path, Stamp> f : files().entrySet()) {
            String name = nameOf(f.getKey());
            if (name != null && server.modelNames().contains(name)) served.put(name, f.getValue());
        }
        this.thread = new Thread(this::loop, "cadenza-model-watcher");
        this.thread.setDaemon(true);
    }

    public ModelWatcher start() {
        thread.start();
        return this;
    }

    private void loop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(every.toMillis());
                look();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One look at the folder: loads, unloads and reloads what changed since the last. */
    void look() throws InterruptedException {
        Map<Path, Stamp> now;
        try {
            now = files();
        } catch (IOException e) {
            say(folder + ": cannot be read (" + e.getMessage() + "); the models stay as they are");
            return;
        }
        Map<String, Path> byName = new HashMap<>();
        for (Path f : now.keySet()) {
            String name = nameOf(f);
            if (name != null) byName.put(name, f);
        }
        for (String name : List.copyOf(served.keySet())) {
            Path file = byName.get(name);
            if (file == null || !now.get(file).equals(served.get(name))) {
                try {
                    if (server.unload(name)) say(name + ": unloaded (" + (file == null ? "its file is gone" : "its file changed") + ")");
                    served.remove(name);
                } catch (IllegalArgumentException e) {
                    served.remove(name); // the default model stays, and this watcher leaves it alone from now on
                    say(name + ": " + e.getMessage());
                }
            }
        }
        for (Map.Entry<Path, Stamp> f : now.entrySet()) {
            Path file = f.getKey();
            if (f.getValue().equals(failed.get(file))) continue;
            String name = nameOf(file);
            if (name == null) {
                failed.put(file, f.getValue());
                say(file + ": not loaded: its name is no model name (1..64 letters, digits, '.', '_' or '-' before .onnx)");
                continue;
            }
            if (served.containsKey(name)) continue;
            if (!f.getValue().equals(settling.put(file, f.getValue()))) continue; // new or still changing: next look
            settling.remove(file);
            try {
                server.load(new ModelSource(name, file));
                served.put(name, f.getValue());
                failed.remove(file);
                say(name + ": loaded from " + file);
            } catch (Exception e) {
                failed.put(file, f.getValue());
                String why = OrderReader.firstLine(String.valueOf(e.getMessage()));
                if (why.startsWith(file + ": ")) why = why.substring(file.toString().length() + 2); // named once
                say(file + ": not loaded: " + why);
            }
        }
        settling.keySet().retainAll(now.keySet());
        failed.keySet().retainAll(now.keySet());
    }

    /** The model name a file is served under, or null when its name cannot be one. */
    private static String nameOf(Path file) {
        try {
            return ModelSource.of(file).name();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Map<Path, Stamp> files() throws IOException {
        Map<Path, Stamp> files = new HashMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                if (!f.getFileName().toString().endsWith(".onnx")) continue;
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(f, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue; // gone between the listing and now
                }
                if (a.isRegularFile()) files.put(f, new Stamp(a.size(), a.lastModifiedTime().toMillis()));
            }
        }
        return files;
    }

    private void say(String line) {
        log.println("cadenza serve: " + line);
        log.flush();
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
