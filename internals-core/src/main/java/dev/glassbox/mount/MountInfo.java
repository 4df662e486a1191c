package dev.glassbox.mount;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One line of /proc/PID/mountinfo (proc(5)), with the octal escapes ({@code \040} for a space)
 * undone:
 * <pre>
 * 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 * (1)(2) (3)   (4)   (5)      (6)      (7)   (8) (9)   (10)         (11)
 * </pre>
 *
 * @param mountId unique id of the mount (1)
 * @param parentId id of the parent mount, or of itself at the top of this namespace's tree (2)
 * @param major device major number of the file system (3)
 * @param minor device minor number (3)
 * @param root the directory of the file system that is mounted here; not "/" for a bind mount of a subdirectory (4)
 * @param mountPoint where it is mounted, relative to the process's root (5)
 * @param mountOptions per-mount options: rw/ro, nosuid, nodev, noexec, relatime... (6)
 * @param optionalFields the raw optional fields (7)
 * @param propagation the optional fields decoded (7)
 * @param fsType file system type, e.g. {@code overlay}, {@code ext4}, {@code fuse.sshfs} (9)
 * @param source file-system-specific source, e.g. {@code /dev/sda1} or {@code overlay} (10)
 * @param superOptions per-superblock options, e.g. overlay's {@code lowerdir=...} (11)
 */
public record MountInfo(int mountId, int parentId, int major, int minor, String root, String mountPoint,
                        List<String> mountOptions, List<String> optionalFields, Propagation propagation,
                        String fsType, String source, List<String> superOptions) {

    public MountInfo {
        mountOptions = List.copyOf(mountOptions);
        optionalFields = List.copyOf(optionalFields);
        superOptions = List.copyOf(superOptions);
    }

    /** Parses one line; throws IllegalArgumentException naming the line when it is not mountinfo. */
    public static MountInfo parse(String line) {
        String[] f = line.trim().split(" ");
        int dash = Arrays.asList(f).indexOf("-");
        if (f.length < 10 || dash < 6 || f.length < dash + 3) {
            throw new IllegalArgumentException("not a mountinfo line: \"" + line + "\"");
        }
        String[] dev = f[2].split(":");
        List<String> optional = new ArrayList<>(Arrays.asList(f).subList(6, dash));
        String superOpts = f.length > dash + 3 ? f[dash + 3] : "";
        return new MountInfo(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                Integer.parseInt(dev[0]), Integer.parseInt(dev[1]),
                unescape(f[3]), unescape(f[4]), splitOptions(f[5]), optional, Propagation.parse(optional),
                unescape(f[dash + 1]), unescape(f[dash + 2]), splitOptions(superOpts));
    }

    /** Undoes the kernel's octal escapes of space, tab, newline and backslash ({@code \040}). */
    public static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) return false;
        for (int i = from; i < from + 3; i++) if (s.charAt(i) < '0' || s.charAt(i) > '7') return false;
        return true;
    }

    private static List<String> splitOptions(String s) {
        if (s.isEmpty()) return List.of();
        List<String> out = new ArrayList<>();
        for (String o : s.split(",")) out.add(unescape(o));
        return out;
    }

    /** {@code major:minor} as mountinfo and findmnt print it. */
    public String device() { return major + ":" + minor; }

    public boolean readOnly() { return mountOptions.contains("ro"); }

    /** The value of a superblock option such as {@code upperdir}, if present. */
    public java.util.Optional<String> superOption(String key) {
        String prefix = key + "=";
        for (String o : superOptions) if (o.startsWith(prefix)) return java.util.Optional.of(o.substring(prefix.length()));
        return java.util.Optional.empty();
    }

    public boolean isOverlay() { return "overlay".equals(fsType); }
}
