package dev.glassbox.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfReaderTest {
    @Test
    void hostShellNeedsTheCLibraryThroughTheDynamicLoader() throws IOException {
        ElfReader.ElfFile sh = ElfReader.read(Path.of("/bin/sh").toRealPath()).orElseThrow();
        assertEquals(2, sh.elfClass(), "64-bit");
        assertTrue(sh.interpreter().startsWith("/lib"), sh.interpreter());
        assertTrue(sh.interpreter().contains("ld-linux"), sh.interpreter());
        assertTrue(sh.needed().contains("libc.so.6"), sh.needed().toString());
        assertTrue(sh.isDynamic());
    }

    @Test
    void sharedLibraryNamesItselfAndHasNoInterpreterItNeeds() throws IOException {
        Path libc = Path.of("/lib/" + (ArchiveLoader.hostArchitecture().equals("arm64") ? "aarch64" : "x86_64") + "-linux-gnu/libc.so.6");
        ElfReader.ElfFile f = ElfReader.read(libc.toRealPath()).orElseThrow();
        assertEquals("libc.so.6", f.soname());
    }

    @Test
    void aTextFileIsNoElf(@TempDir Path tmp) throws IOException {
        Path script = Files.writeString(tmp.resolve("script"), "#!/bin/sh\necho hi\n");
        assertTrue(ElfReader.read(script).isEmpty());
        assertTrue(ElfReader.read(Files.write(tmp.resolve("empty"), new byte[0])).isEmpty());
    }
}
