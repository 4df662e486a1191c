package dev.glassbox.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what the dynamic loader reads from an ELF file (elf(5)): the program interpreter
 * ({@code PT_INTERP}, e.g. {@code /lib64/ld-linux-x86-64.so.2}) and, from the dynamic section
 * ({@code PT_DYNAMIC}), the libraries it needs ({@code DT_NEEDED}) and where to look for them
 * ({@code DT_RUNPATH}, {@code DT_RPATH}). 32- and 64-bit, either byte order.
 */
public final class ElfReader {
    private ElfReader() {}

    static final int PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3;
    static final long DT_NULL = 0, DT_NEEDED = 1, DT_STRTAB = 5, DT_SONAME = 14, DT_RPATH = 15, DT_RUNPATH = 29;
    static final int EM_386 = 3, EM_ARM = 40, EM_X86_64 = 62, EM_AARCH64 = 183;

    /**
     * What one ELF file asks of the loader. {@code elfClass} is 1 (32-bit) or 2 (64-bit);
     * {@code machine} is {@code e_machine}; {@code interpreter} is "" for a static binary or a
     * library.
     */
    public record ElfFile(int elfClass, int machine, String interpreter, List<String> needed, List<String> runpath,
            List<String> rpath, String soname) {

        /** Dynamically linked: it has an interpreter or needs libraries. */
        public boolean isDynamic() {
            return !interpreter.isEmpty() || !needed.isEmpty();
        }
    }

    private record Segment(long type, long offset, long vaddr, long filesz) {}

    /** The ELF facts of {@code path}, or empty when it is not an ELF file. */
    public static Optional<ElfFile> read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer ident = read(ch, 0, 16);
            if (ident.remaining() < 16 || ident.get(0) != 0x7f || ident.get(1) != 'E' || ident.get(2) != 'L'
                    || ident.get(3) != 'F') {
                return Optional.empty();
            }
            int elfClass = ident.get(4);
            if (elfClass != 1 && elfClass != 2) return Optional.empty();
            ByteOrder order = ident.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            boolean is64 = elfClass == 2;
            ByteBuffer h = read(ch, 0, is64 ? 64 : 52).order(order);
            if (h.remaining() < (is64 ? 64 : 52)) return Optional.empty();
            int machine = Short.toUnsignedInt(h.getShort(18));
            long phoff = is64 ? h.getLong(32) : Integer.toUnsignedLong(h.getInt(28));
            int phentsize = Short.toUnsignedInt(h.getShort(is64 ? 54 : 42));
            int phnum = Short.toUnsignedInt(h.getShort(is64 ? 56 : 44));

            List<Segment> segments = new ArrayList<>();
            ByteBuffer ph = read(ch, phoff, phentsize * phnum).order(order);
            for (int i = 0; i < phnum && (i + 1) * phentsize <= ph.limit(); i++) {
                int b = i * phentsize;
                segments.add(is64
                        ? new Segment(Integer.toUnsignedLong(ph.getInt(b)), ph.getLong(b + 8), ph.getLong(b + 16), ph.getLong(b + 32))
                        : new Segment(Integer.toUnsignedLong(ph.getInt(b)), Integer.toUnsignedLong(ph.getInt(b + 4)),
                                Integer.toUnsignedLong(ph.getInt(b + 8)), Integer.toUnsignedLong(ph.getInt(b + 16))));
            }

            String interpreter = "";
            List<String> needed = new ArrayList<>(), runpath = new ArrayList<>(), rpath = new ArrayList<>();
            String soname = "";
            for (Segment s : segments) {
                if (s.type() == PT_INTERP) interpreter = cString(read(ch, s.offset(), (int) Math.min(s.filesz(), 4096)), 0);
            }
            for (Segment s : segments) {
                if (s.type() != PT_DYNAMIC) continue;
                ByteBuffer dyn = read(ch, s.offset(), (int) Math.min(s.filesz(), 1 << 20)).order(order);
                int entry = is64 ? 16 : 8;
                long strtabAddr = -1;
                List<long[]> tags = new ArrayList<>();
                for (int b = 0; b + entry <= dyn.limit(); b += entry) {
                    long tag = is64 ? dyn.getLong(b) : dyn.getInt(b);
                    long val = is64 ? dyn.getLong(b + 8) : Integer.toUnsignedLong(dyn.getInt(b + 4));
                    if (tag == DT_NULL) break;
                    if (tag == DT_STRTAB) strtabAddr = val;
                    tags.add(new long[] {tag, val});
                }
                long strtab = fileOffset(segments, strtabAddr);
                if (strtab < 0) continue;
                for (long[] t : tags) {
                    if (t[0] == DT_NEEDED) needed.add(string(ch, strtab + t[1]));
                    else if (t[0] == DT_RUNPATH) runpath.addAll(splitPath(string(ch, strtab + t[1])));
                    else if (t[0] == DT_RPATH) rpath.addAll(splitPath(string(ch, strtab + t[1])));
                    else if (t[0] == DT_SONAME) soname = string(ch, strtab + t[1]);
                }
            }
            return Optional.of(new ElfFile(elfClass, machine, interpreter, List.copyOf(needed), List.copyOf(runpath),
                    List.copyOf(rpath), soname));
        }
    }

    /** The file offset of a virtual address, through the PT_LOAD segment that maps it. */
    private static long fileOffset(List<Segment> segments, long vaddr) {
        if (vaddr < 0) return -1;
        for (Segment s : segments) {
            if (s.type() == PT_LOAD && vaddr >= s.vaddr() && vaddr < s.vaddr() + s.filesz()) {
                return vaddr - s.vaddr() + s.offset();
            }
        }
        return -1;
    }

    private static List<String> splitPath(String s) {
        List<String> out = new ArrayList<>();
        for (String p : s.split(":")) if (!p.isEmpty()) out.add(p);
        return out;
    }

    private static String string(FileChannel ch, long offset) throws IOException {
        return cString(read(ch, offset, 4096), 0);
    }

    private static String cString(ByteBuffer b, int from) {
        int end = from;
        while (end < b.limit() && b.get(end) != 0) end++;
        byte[] out = new byte[end - from];
        b.get(from, out);
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static ByteBuffer read(FileChannel ch, long offset, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Math.max(0, len));
        while (b.hasRemaining()) {
            int n = ch.read(b, offset + b.position());
            if (n < 0) break;
        }
        b.flip();
        return b;
    }
}
