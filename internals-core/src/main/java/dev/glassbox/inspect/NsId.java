package dev.glassbox.inspect;

/**
 * A namespace, identified as the kernel shows it: {@code net:[4026531840]} is the net
 * namespace with inode 4026531840 on the nsfs file system.
 */
public record NsId(NsType type, long inode) {

    /** Parses the target of a /proc/PID/ns link, e.g. {@code net:[4026531840]}. */
    public static NsId parse(String link) {
        int open = link.indexOf(":[");
        if (open < 0 || !link.endsWith("]")) throw new IllegalArgumentException("not a namespace link: \"" + link + "\"");
        return new NsId(NsType.ofFileName(link.substring(0, open)), Long.parseLong(link.substring(open + 2, link.length() - 1)));
    }

    @Override
    public String toString() { return type.fileName() + ":[" + inode + "]"; }
}
