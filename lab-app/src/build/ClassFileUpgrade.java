import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A build step of the command line's class path (target/lib): rewrites the classes of a jar
 * that are older than Java 6's class-file format (version 50) as Java 8 class files, with the
 * stack maps the newer format requires, computed by the JDK's own class-file API.
 *
 * <p>Why: the launcher keeps an AOT cache of the classes a command loads (JDK 25), and the
 * JDK leaves pre-50 classes out of it. picocli ships as Java 5 class files, so its 175
 * classes were read from the jar, parsed and verified at every command: about 40 ms of a
 * `glassbox ps`. The code is picocli's, unchanged; only the container format is newer.
 *
 * <p>Usage: java ClassFileUpgrade.java DIR   (every *.jar in DIR; a jar with no old class is left alone)
 */
public final class ClassFileUpgrade {
    private static final int FIRST_WITH_STACK_MAPS = ClassFile.JAVA_6_VERSION;

    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: java ClassFileUpgrade.java DIR");
        try (var jars = Files.list(Path.of(args[0]))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) upgrade(jar);
        }
    }

    static void upgrade(Path jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) entries.put(e.getName(), in.readAllBytes());
        }
        List<String> old = entries.keySet().stream().filter(n -> isClass(n) && majorVersion(entries.get(n)) < FIRST_WITH_STACK_MAPS).toList();
        if (old.isEmpty()) return;
        if (entries.keySet().stream().anyMatch(n -> n.startsWith("META-INF/") && n.endsWith(".SF"))) {
            System.out.println("ClassFileUpgrade: " + jar.getFileName() + " is signed; left as it is");
            return;
        }
        // stack maps need the class hierarchy: the jar's own classes, then the JDK's
        ClassHierarchyResolver own = ClassHierarchyResolver.ofResourceParsing(desc -> {
            String d = desc.descriptorString();
            byte[] bytes = entries.get(d.substring(1, d.length() - 1) + ".class");
            return bytes == null ? null : (InputStream) new ByteArrayInputStream(bytes);
        });
        ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(own.orElse(ClassHierarchyResolver.defaultResolver())),
                ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
        ClassTransform toJava8 = ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL) // rebuilt, so stack maps are made
                .andThen((builder, element) -> {
                    if (element instanceof ClassFileVersion) builder.withVersion(ClassFile.JAVA_8_VERSION, 0);
                    else builder.with(element);
                });
        for (String name : old) {
            byte[] upgraded = cf.transformClass(cf.parse(entries.get(name)), toJava8);
            // the JDK's own verifier, on the class as the JVM will see it: a bad rewrite fails the build, not a command
            List<VerifyError> errors = cf.verify(upgraded);
            if (!errors.isEmpty()) throw new IllegalStateException(jar.getFileName() + " " + name + ": " + errors.getFirst().getMessage());
            entries.put(name, upgraded);
        }
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (var e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("ClassFileUpgrade: " + jar.getFileName() + ": " + old.size() + " classes rewritten as Java 8 class files");
    }

    private static boolean isClass(String name) {
        return name.endsWith(".class") && !name.endsWith("module-info.class");
    }

    /** Bytes 6-7 of a class file. */
    private static int majorVersion(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }
}
