package dev.glassbox.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Assembles the built-in {@code base} image offline, from this machine's own programs: a
 * shell, common coreutils, procps, a few util-linux tools, iproute2's {@code ip}, busybox when
 * present, and every shared library they need, found by reading their ELF headers
 * ({@link ElfReader}) the way the dynamic loader would (ld.so(8)): {@code DT_RPATH},
 * {@code DT_RUNPATH}, {@code /etc/ld.so.conf}, then the multiarch and default directories.
 *
 * <p>Paths are kept as on the host, symlinks included: on a merged-/usr system {@code /bin} is
 * the link {@code bin -> usr/bin} in the image too, and {@code /bin/sh -> dash} is a link
 * beside a copy of {@code dash}. The result is one uncompressed layer tar whose entries are
 * sorted, owned by root (but {@code /home/student}) and dated {@value #FIXED_MTIME}: the same
 * host gives the same bytes, hence the same image id.
 */
public final class BaseImageBuilder {
    /** The tag the base image gets. */
    public static final String REF = "base:latest";
    /** The config label that records what the base was built from, to rebuild when that changes. */
    public static final String RECIPE_LABEL = "dev.glassbox.base.recipe";
    static final long FIXED_MTIME = 0;
    private static final int RECIPE_VERSION = 1;

    static final List<String> PATH_DIRS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");
    static final String PATH_ENV = "PATH=" + String.join(":", PATH_DIRS);

    /** The programs looked for on the host; a missing one is skipped (but /bin/sh). */
    static final List<String> TOOLS = List.of(
            "bash", "ls", "cat", "echo", "env", "true", "false", "sleep", "id", "hostname", "uname", "mkdir", "rm", "cp",
            "mv", "touch", "head", "tail", "wc", "grep", "sed", "stat", "dd", "yes", "nproc", "chmod", "chown", "ln",
            "readlink", "whoami", "df", "du", "sort", "tr", "cut", "date", "kill", "ps", "top", "free", "mount", "umount",
            "findmnt", "ip", "capsh", "setpriv");
    /** Tools busybox can stand in for when the host lacks them. */
    private static final Set<String> BUSYBOX_APPLETS = Set.of(
            "ls", "cat", "echo", "env", "true", "false", "sleep", "id", "hostname", "uname", "mkdir", "rm", "cp", "mv",
            "touch", "head", "tail", "wc", "grep", "sed", "stat", "dd", "yes", "nproc", "chmod", "chown", "ln", "readlink",
            "whoami", "df", "du", "sort", "tr", "cut", "date", "kill", "ps", "top", "free", "mount", "umount", "ip");
    private static final List<String> TERMINALS = List.of("xterm", "xterm-256color", "linux", "vt100", "vt220", "screen");
    private static final List<String> TERMINFO_DIRS = List.of("/usr/share/terminfo", "/lib/terminfo", "/etc/terminfo");
    private static final List<String> NSS_LIBRARIES = List.of("libnss_files.so.2", "libnss_dns.so.2");

    /** One entry of the image tree. Exactly one of hostFile, content, linkTarget is set for non-directories. */
    private record Node(String path, char type, int mode, int uid, int gid, Path hostFile, byte[] content, String linkTarget) {}

    private record ExtraFile(Path hostFile, String pathInImage) {}

    private final Path hostRoot;
    private final List<ExtraFile> extras = new ArrayList<>();

    private BaseImageBuilder(Path hostRoot) {
        this.hostRoot = hostRoot;
    }

    /** A builder taking programs from this machine. */
    public static BaseImageBuilder fromHost() {
        return new BaseImageBuilder(Path.of("/"));
    }

    /**
     * Also puts {@code hostFile} at {@code pathInImage} (absolute), with its mode and, when it
     * is a dynamic ELF program, the libraries it needs. For payloads such as a test probe.
     */
    public BaseImageBuilder withExtraFile(Path hostFile, String pathInImage) {
        if (!pathInImage.startsWith("/") || pathInImage.contains("/../") || pathInImage.endsWith("/..")) {
            throw new ImageException("extra base image file path \"" + pathInImage + "\" must be absolute and stay inside the image");
        }
        if (!Files.isRegularFile(hostFile)) {
            throw new ImageException("extra base image file " + hostFile + " does not exist or is not a regular file");
        }
        extras.add(new ExtraFile(hostFile, pathInImage));
        return this;
    }

    /**
     * A short fingerprint of what this builder would put in the image beyond the host's tools:
     * the builder's version and each extra file's place and content. Stored as the
     * {@value #RECIPE_LABEL} label; a store rebuilds {@code base} when it differs.
     */
    public String recipe() {
        var md = Digests.sha256();
        md.update(("v" + RECIPE_VERSION + "\n").getBytes(StandardCharsets.UTF_8));
        for (ExtraFile e : extras) {
            md.update((e.pathInImage() + "\n").getBytes(StandardCharsets.UTF_8));
            try (InputStream in = Files.newInputStream(e.hostFile())) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            } catch (IOException ex) {
                throw new ImageException("cannot read extra base image file " + e.hostFile() + ": " + ex.getMessage(), ex);
            }
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    /** The base image's config: a PATH, TERM=xterm, and /bin/sh as its command. */
    public ImageConfig config() {
        return new ImageConfig(List.of(PATH_ENV, "TERM=xterm"), List.of("/bin/sh"), List.of(), "", "", Set.of(),
                Map.of(RECIPE_LABEL, recipe(), "org.opencontainers.image.description",
                        "Glassbox base image, assembled offline from the host's own programs"));
    }

    /** What the base layer holds: the programs found, and those skipped because the host lacks them. */
    public record Contents(List<String> programs, List<String> missing, int files) {}

    /** Collects the tree and writes it as one uncompressed, reproducible layer tar. */
    public Contents writeLayer(Path tarFile, Progress progress) throws IOException {
        Tree tree = new Tree();
        List<String> found = new ArrayList<>(), missing = new ArrayList<>();
        if (!tree.addHostPath("/bin/sh", 0)) {
            throw new ImageException("cannot build the base image: this machine has no /bin/sh to copy; "
                    + "install a shell (dash or bash) or import a rootfs tar instead (glassbox import)");
        }
        found.add("sh");
        String busybox = null;
        if (Files.exists(host("/bin/busybox")) && tree.addHostPath("/bin/busybox", 0)) {
            busybox = tree.realImagePath("/bin/busybox");
            found.add("busybox");
        }
        for (String tool : TOOLS) {
            Optional<String> where = PATH_DIRS.stream().map(d -> d + "/" + tool).filter(p -> Files.exists(host(p))).findFirst();
            if (where.isPresent() && tree.addHostPath(where.get(), 0)) {
                found.add(tool);
            } else if (busybox != null && BUSYBOX_APPLETS.contains(tool)) {
                String dir = busybox.substring(0, busybox.lastIndexOf('/'));
                tree.put(new Node(dir + "/" + tool, 'l', 0777, 0, 0, null, null, "busybox"));
                found.add(tool + " (busybox)");
            } else {
                missing.add(tool);
            }
        }
        for (String term : TERMINALS) {
            for (String dir : TERMINFO_DIRS) {
                String p = dir + "/" + term.charAt(0) + "/" + term;
                if (Files.exists(host(p))) {
                    tree.addHostPath(p, 0);
                    break;
                }
            }
        }
        for (String lib : NSS_LIBRARIES) tree.findLibrary(lib, null, List.of(), "").ifPresent(p -> tree.addHostPath(p, 0));
        if (Files.isRegularFile(host("/etc/ld.so.cache"))) tree.addHostPath("/etc/ld.so.cache", 0);
        for (ExtraFile e : extras) tree.addExtra(e);
        tree.closeLibraries();
        tree.addSkeleton();
        int files = tree.write(tarFile, progress);
        return new Contents(found, missing, files);
    }

    private Path host(String abs) {
        return hostRoot.resolve(abs.substring(1));
    }

    /** The image tree, keyed by path without the leading '/'. */
    private final class Tree {
        private final Map<String, Node> nodes = new TreeMap<>(BY_COMPONENTS);
        private final Deque<String> elfQueue = new ArrayDeque<>();
        private final Set<String> elfSeen = new HashSet<>();
        private List<String> ldSoConfDirs;

        void put(Node n) {
            nodes.putIfAbsent(n.path(), n);
        }

        /** The path a host path ends at after its symlinks, as the image has it. */
        String realImagePath(String abs) {
            try {
                return host(abs).toRealPath().toString();
            } catch (IOException e) {
                return abs;
            }
        }

        /**
         * Copies a host path into the tree, component by component: a symlink on the way is
         * kept as a link and its target copied too. False when the host has no such file.
         */
        boolean addHostPath(String abs, int depth) {
            if (depth > 40) return false; // a symlink loop
            String[] comps = abs.substring(1).split("/");
            String cur = "";
            for (int i = 0; i < comps.length; i++) {
                if (comps[i].isEmpty() || comps[i].equals(".")) continue;
                String next = cur.isEmpty() ? comps[i] : cur + "/" + comps[i];
                Path hostPath = host("/" + next);
                PosixFileAttributes a;
                try {
                    a = Files.readAttributes(hostPath, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    return false;
                }
                String rest = String.join("/", List.of(comps).subList(i + 1, comps.length));
                if (a.isSymbolicLink()) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(hostPath).toString();
                    } catch (IOException e) {
                        return false;
                    }
                    put(new Node(next, 'l', 0777, 0, 0, null, null, target));
                    String base = cur.isEmpty() ? "" : cur;
                    String resolved = normalize(target.startsWith("/") ? target : "/" + base + "/" + target);
                    return addHostPath(resolved + (rest.isEmpty() ? "" : "/" + rest), depth + 1);
                }
                int mode;
                try {
                    mode = modeOf(hostPath);
                } catch (IOException e) {
                    return false;
                }
                if (a.isDirectory()) {
                    put(new Node(next, 'd', mode, 0, 0, null, null, null));
                    cur = next;
                    continue;
                }
                if (!a.isRegularFile() || !rest.isEmpty()) return false;
                put(new Node(next, 'f', mode, 0, 0, hostPath, null, null));
                if (elfSeen.add(next)) elfQueue.add(next);
                return true;
            }
            return true;
        }

        void addExtra(ExtraFile e) {
            String path = throughLinks(normalize(e.pathInImage()).substring(1), 0);
            int mode;
            try {
                mode = modeOf(e.hostFile().toRealPath());
            } catch (IOException ex) {
                throw new ImageException("cannot read extra base image file " + e.hostFile() + ": " + ex.getMessage(), ex);
            }
            nodes.put(path, new Node(path, 'f', mode, 0, 0, e.hostFile(), null, null));
            if (elfSeen.add(path)) elfQueue.add(path);
        }

        /**
         * The path a file lands at when written through the links already in the tree
         * ({@code bin/probe} is {@code usr/bin/probe} when {@code bin -> usr/bin}): no layer entry
         * may sit under a symlink.
         */
        private String throughLinks(String path, int depth) {
            if (depth > 40) throw new ImageException("extra base image file path /" + path + " goes through a symlink loop");
            String[] comps = path.split("/");
            String cur = "";
            for (int i = 0; i < comps.length - 1; i++) {
                String next = cur.isEmpty() ? comps[i] : cur + "/" + comps[i];
                Node n = nodes.get(next);
                if (n != null && n.type() == 'l') {
                    String t = n.linkTarget();
                    String resolved = normalize(t.startsWith("/") ? t : "/" + cur + "/" + t).substring(1);
                    String rest = String.join("/", List.of(comps).subList(i + 1, comps.length));
                    return throughLinks(resolved.isEmpty() ? rest : resolved + "/" + rest, depth + 1);
                }
                cur = next;
            }
            return path;
        }

        /** Follows DT_NEEDED from every ELF file in the tree until nothing new is needed. */
        void closeLibraries() throws IOException {
            while (!elfQueue.isEmpty()) {
                String p = elfQueue.poll();
                Node n = nodes.get(p);
                Optional<ElfReader.ElfFile> elf = ElfReader.read(n.hostFile());
                if (elf.isEmpty()) continue;
                ElfReader.ElfFile f = elf.get();
                if (!f.interpreter().isEmpty()) addHostPath(f.interpreter(), 0);
                String origin = n.hostFile().toRealPath().getParent().toString();
                List<String> searchFirst = new ArrayList<>();
                if (f.runpath().isEmpty()) searchFirst.addAll(f.rpath());
                searchFirst.addAll(f.runpath());
                for (String lib : f.needed()) {
                    Optional<String> found = findLibrary(lib, f, searchFirst, origin);
                    if (found.isPresent()) {
                        addHostPath(found.get(), 0);
                    } else if (p.endsWith("/sh") || p.endsWith("/dash") || p.endsWith("/bash")) {
                        throw new ImageException("cannot build the base image: the shell /" + p + " needs " + lib
                                + ", which is nowhere in this machine's library directories");
                    }
                }
            }
        }

        /** Where ld.so would find {@code lib} for {@code who} (null: any 64-bit library of this machine's kind). */
        Optional<String> findLibrary(String lib, ElfReader.ElfFile who, List<String> searchFirst, String origin) {
            if (lib.contains("/")) return Files.exists(host(lib)) ? Optional.of(lib) : Optional.empty();
            List<String> dirs = new ArrayList<>();
            for (String d : searchFirst) dirs.add(d.replace("$ORIGIN", origin).replace("${ORIGIN}", origin));
            dirs.addAll(ldSoConf());
            dirs.addAll(defaultLibraryDirs());
            for (String d : new LinkedHashSet<>(dirs)) {
                if (!d.startsWith("/")) continue;
                String candidate = normalize(d + "/" + lib);
                Path hp = host(candidate);
                if (!Files.isRegularFile(hp)) continue;
                try {
                    Optional<ElfReader.ElfFile> e = ElfReader.read(hp);
                    if (e.isEmpty()) continue;
                    int wantClass = who == null ? 2 : who.elfClass();
                    int wantMachine = who == null ? hostMachine() : who.machine();
                    if (e.get().elfClass() == wantClass && e.get().machine() == wantMachine) return Optional.of(candidate);
                } catch (IOException ignored) {
                    // unreadable: try the next directory
                }
            }
            return Optional.empty();
        }

        private List<String> ldSoConf() {
            if (ldSoConfDirs == null) {
                ldSoConfDirs = new ArrayList<>();
                readLdSoConf(host("/etc/ld.so.conf"), 0);
            }
            return ldSoConfDirs;
        }

        private void readLdSoConf(Path file, int depth) {
            if (depth > 8) return;
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                return;
            }
            for (String raw : lines) {
                String line = raw.replaceAll("#.*", "").trim();
                if (line.isEmpty() || line.startsWith("hwcap")) continue;
                if (line.startsWith("include")) {
                    String pattern = line.substring("include".length()).trim();
                    if (!pattern.startsWith("/")) pattern = "/etc/" + pattern;
                    Path dir = host(pattern.substring(0, pattern.lastIndexOf('/')));
                    String glob = pattern.substring(pattern.lastIndexOf('/') + 1);
                    List<Path> matches = new ArrayList<>();
                    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
                        ds.forEach(matches::add);
                    } catch (IOException ignored) {
                        continue;
                    }
                    matches.sort(Comparator.naturalOrder());
                    for (Path m : matches) readLdSoConf(m, depth + 1);
                } else {
                    ldSoConfDirs.add(line);
                }
            }
        }

        /** The fixed skeleton every container expects: users, name service, hosts, /tmp, mount points. */
        void addSkeleton() {
            dir("etc", 0755, 0);
            file("etc/passwd", 0644, """
                    root:x:0:0:root:/root:/bin/sh
                    student:x:1000:1000:Student:/home/student:/bin/sh
                    nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
                    """);
            file("etc/group", 0644, """
                    root:x:0:
                    student:x:1000:
                    nogroup:x:65534:
                    """);
            file("etc/hosts", 0644, "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
            file("etc/hostname", 0644, "glassbox\n");
            file("etc/resolv.conf", 0644, "");
            file("etc/nsswitch.conf", 0644, "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n");
            dir("tmp", 01777, 0);
            dir("root", 0700, 0);
            dir("home", 0755, 0);
            dir("home/student", 0755, 1000);
            for (String d : List.of("dev", "run", "mnt", "var", "var/tmp")) dir(d, 0755, 0);
            dir("proc", 0555, 0);
            dir("sys", 0555, 0);
        }

        private void dir(String path, int mode, int owner) {
            nodes.put(path, new Node(path, 'd', mode, owner, owner, null, null, null));
        }

        private void file(String path, int mode, String content) {
            nodes.put(path, new Node(path, 'f', mode, 0, 0, null, content.getBytes(StandardCharsets.UTF_8), null));
        }

        int write(Path tarFile, Progress progress) throws IOException {
            // every parent must be a directory entry before its children
            for (String p : List.copyOf(nodes.keySet())) {
                for (int i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
                    nodes.putIfAbsent(p.substring(0, i), new Node(p.substring(0, i), 'd', 0755, 0, 0, null, null, null));
                }
            }
            int done = 0, total = nodes.size();
            try (OutputStream os = Files.newOutputStream(tarFile);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(os, StandardCharsets.UTF_8.name())) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (Node n : nodes.values()) {
                    progress.step("base image: /" + n.path(), ++done, total);
                    TarArchiveEntry e = switch (n.type()) {
                        case 'd' -> new TarArchiveEntry(n.path() + "/", TarArchiveEntry.LF_DIR);
                        case 'l' -> {
                            TarArchiveEntry l = new TarArchiveEntry(n.path(), TarArchiveEntry.LF_SYMLINK);
                            l.setLinkName(n.linkTarget());
                            yield l;
                        }
                        default -> new TarArchiveEntry(n.path(), TarArchiveEntry.LF_NORMAL);
                    };
                    e.setMode(n.mode() | (n.type() == 'd' ? 040000 : n.type() == 'l' ? 0120000 : 0100000));
                    e.setIds(n.uid(), n.gid());
                    e.setUserName(n.uid() == 0 ? "root" : "");
                    e.setGroupName(n.gid() == 0 ? "root" : "");
                    e.setModTime(FileTime.fromMillis(FIXED_MTIME));
                    if (n.type() == 'f') {
                        if (n.content() != null) {
                            e.setSize(n.content().length);
                            tar.putArchiveEntry(e);
                            tar.write(n.content());
                        } else {
                            e.setSize(Files.size(n.hostFile()));
                            tar.putArchiveEntry(e);
                            try (InputStream in = Files.newInputStream(n.hostFile())) {
                                long copied = in.transferTo(tar);
                                if (copied != e.getSize()) {
                                    throw new ImageException("cannot build the base image: " + n.hostFile() + " changed while it was copied");
                                }
                            }
                        }
                    } else {
                        tar.putArchiveEntry(e);
                    }
                    tar.closeArchiveEntry();
                }
                tar.finish();
            } catch (NoSuchFileException e) {
                throw new ImageException("cannot build the base image: " + e.getFile() + " vanished while it was copied", e);
            }
            return total;
        }
    }

    /** Permission bits with setuid, setgid and sticky (which PosixFileAttributes leaves out). */
    private static int modeOf(Path p) throws IOException {
        return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
    }

    /** Sorted by path components, so "a/b" comes right after "a" and before "a-b". */
    private static final Comparator<String> BY_COMPONENTS = (x, y) -> {
        String[] a = x.split("/"), b = y.split("/");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int c = a[i].compareTo(b[i]);
            if (c != 0) return c;
        }
        return Integer.compare(a.length, b.length);
    };

    static String normalize(String abs) {
        Deque<String> parts = new ArrayDeque<>();
        for (String c : abs.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (!parts.isEmpty()) parts.removeLast();
            } else {
                parts.addLast(c);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** Where ld.so looks last: the multiarch directories (Debian, Ubuntu), then lib64 and lib. */
    static List<String> defaultLibraryDirs() {
        String triplet = ArchiveLoader.hostArchitecture().equals("arm64") ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        return List.of("/lib/" + triplet, "/usr/lib/" + triplet, "/lib64", "/usr/lib64", "/lib", "/usr/lib");
    }

    private static int hostMachine() {
        return switch (ArchiveLoader.hostArchitecture()) {
            case "arm64" -> ElfReader.EM_AARCH64;
            default -> ElfReader.EM_X86_64;
        };
    }
}
