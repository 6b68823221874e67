package dev.cadenza.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrtNativeCacheTest {
    @TempDir
    Path dir;

    private static long resourceSize(String file) throws Exception {
        try (InputStream in = OrtNativeCache.class.getResourceAsStream(
                "/ai/onnxruntime/native/" + OrtNativeCache.platform() + "/" + file)) {
            return in.readAllBytes().length;
        }
    }

    @Test
    void unpacksTheLibrariesOnceIntoAVersionedFolderAndRepairsAShortFile() throws Exception {
        Path folder = OrtNativeCache.fill(dir, false).orElseThrow();
        assertTrue(folder.getFileName().toString().startsWith("onnxruntime-"), folder.toString());
        assertTrue(folder.getFileName().toString().contains(OrtNativeCache.platform()), folder.toString());
        String main = System.mapLibraryName("onnxruntime").replace(".jnilib", ".dylib");
        String jni = System.mapLibraryName("onnxruntime4j_jni").replace(".jnilib", ".dylib");
        assertEquals(resourceSize(main), Files.size(folder.resolve(main)));
        assertEquals(resourceSize(jni), Files.size(folder.resolve(jni)));
        try (var files = Files.list(folder)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".part")), "no temporary file is left behind");
        }

        FileTime before = FileTime.fromMillis(1_000_000_000L);
        Files.setLastModifiedTime(folder.resolve(main), before);
        assertEquals(folder, OrtNativeCache.fill(dir, false).orElseThrow());
        assertEquals(before, Files.getLastModifiedTime(folder.resolve(main)), "a complete file is not copied again");

        Files.write(folder.resolve(jni), new byte[10]); // as if a copy had been cut short by hand
        OrtNativeCache.fill(dir, false);
        assertEquals(resourceSize(jni), Files.size(folder.resolve(jni)));
    }
}
