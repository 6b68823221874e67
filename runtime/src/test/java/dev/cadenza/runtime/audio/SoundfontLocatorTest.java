package dev.cadenza.runtime.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoundfontLocatorTest {
    @TempDir
    Path home;

    @Test
    void theVariableWinsAndATypoInItIsAnErrorNotASilentFallback() throws Exception {
        Path mine = Files.writeString(home.resolve("mine.sf2"), "x");
        Files.createDirectories(home.resolve("Library/Audio/Sounds/Banks"));
        Files.writeString(home.resolve("Library/Audio/Sounds/Banks/FluidR3_GM.sf2"), "x");
        var locator = new SoundfontLocator(Map.of(SoundfontLocator.VARIABLE, mine.toString()), "Mac OS X", home);
        assertEquals(Optional.of(mine), locator.find());

        var typo = new SoundfontLocator(Map.of(SoundfontLocator.VARIABLE, home.resolve("mien.sf2").toString()),
                "Mac OS X", home);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, typo::find);
        assertTrue(e.getMessage().startsWith("CADENZA_SOUNDFONT=") && e.getMessage().contains("mien.sf2"), e.getMessage());
    }

    @Test
    void onMacOsTheUsersBanksFolderIsSearchedPreferringFluidR3() throws Exception {
        Path banks = Files.createDirectories(home.resolve("Library/Audio/Sounds/Banks"));
        Files.writeString(banks.resolve("Arachno.sf2"), "x");
        Files.writeString(banks.resolve("FluidR3_GM.sf2"), "x");
        Files.writeString(banks.resolve("notes.txt"), "x");
        assertEquals(Optional.of(banks.resolve("FluidR3_GM.sf2")),
                new SoundfontLocator(Map.of(), "Mac OS X", home).find());
        Files.delete(banks.resolve("FluidR3_GM.sf2"));
        assertEquals(Optional.of(banks.resolve("Arachno.sf2")), new SoundfontLocator(Map.of(), "Mac OS X", home).find());
    }

    @Test
    void onWindowsTheUsersSoundFontsFolderComesBeforeMicrosoftsBank() throws Exception {
        Path system = Files.createDirectories(home.resolve("Windows/System32/drivers"));
        Files.writeString(system.resolve("gm.dls"), "x");
        var env = Map.of("SystemRoot", home.resolve("Windows").toString());
        assertEquals(Optional.of(system.resolve("gm.dls")), new SoundfontLocator(env, "Windows 11", home).find());
        Path mine = Files.createDirectories(home.resolve("SoundFonts"));
        Files.writeString(mine.resolve("GeneralUser.sf2"), "x");
        assertEquals(Optional.of(mine.resolve("GeneralUser.sf2")), new SoundfontLocator(env, "Windows 11", home).find());
    }

    @Test
    void onLinuxAFontInTheUsersDataFolderIsFound() throws Exception {
        var locator = new SoundfontLocator(Map.of(), "Linux", home);
        // The system folders come first; only when the machine has none is the user's own folder reached.
        // Asked before the user's font exists, the locator can only answer with a system font (an empty system
        // folder is no font).
        boolean systemFont = locator.find().isPresent();
        Path mine = Files.createDirectories(home.resolve(".local/share/soundfonts"));
        Files.writeString(mine.resolve("piano.sf2"), "x");
        Path found = locator.find().orElseThrow();
        if (systemFont) assertTrue(!found.startsWith(home), found.toString());
        else assertEquals(mine.resolve("piano.sf2"), found);
        assertTrue(locator.places().contains(Path.of("/usr/share/sounds/sf2/FluidR3_GM.sf2")));
    }
}
