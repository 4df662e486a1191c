package dev.glassbox.inspect;

import dev.glassbox.caps.CapSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a process may do as the kernel decides it: its five capability sets (capabilities(7)),
 * compared with the host's (PID 1's) and with Docker's default; no_new_privs, seccomp, and
 * its user and group IDs with the maps of its user namespace.
 *
 * @param pid the process
 * @param inheritable CapInh: kept across execve for files with inheritable capabilities
 * @param permitted CapPrm: the most it may make effective
 * @param effective CapEff: what the kernel checks now
 * @param bounding CapBnd: the ceiling for it and all it will execute
 * @param ambient CapAmb: kept across execve of ordinary programs
 * @param vsHost its effective and bounding sets against PID 1's
 * @param vsDocker its effective and bounding sets against {@link CapSet#DOCKER_DEFAULT}
 * @param noNewPrivs whether execve can no longer grant privileges (setuid, file capabilities)
 * @param seccomp the seccomp mode
 * @param seccompFilters how many seccomp filters are attached, or null when the kernel does not say
 * @param uid real, effective, saved and file-system user IDs
 * @param gid real, effective, saved and file-system group IDs
 * @param uidMap the user-ID map of its user namespace (the identity 0 0 4294967295 on the host)
 * @param gidMap the group-ID map
 */
public record CapabilityView(int pid, CapSet inheritable, CapSet permitted, CapSet effective, CapSet bounding,
                             CapSet ambient, Comparison vsHost, Comparison vsDocker, boolean noNewPrivs,
                             Seccomp seccomp, Integer seccompFilters, Ids uid, Ids gid,
                             List<IdMapping> uidMap, List<IdMapping> gidMap) {

    /** seccomp modes as /proc/PID/status numbers them (SECCOMP_MODE_*). */
    public enum Seccomp {
        DISABLED, STRICT, FILTER;

        static Seccomp of(String n) {
            return switch (n == null ? "0" : n) {
                case "1" -> STRICT;
                case "2" -> FILTER;
                default -> DISABLED;
            };
        }
    }

    /** What one set has that the reference lacks ({@code extra}) and lacks that the reference has ({@code missing}). */
    public record CapDiff(CapSet extra, CapSet missing) {
        public static CapDiff of(CapSet set, CapSet reference) {
            return new CapDiff(set.minus(reference), reference.minus(set));
        }

        public boolean same() { return extra.isEmpty() && missing.isEmpty(); }
    }

    /** The effective and bounding sets, each against the same reference's. */
    public record Comparison(CapDiff effective, CapDiff bounding) {}

    /** The four IDs of a Uid: or Gid: line. */
    public record Ids(int real, int effective, int saved, int filesystem) {
        static Ids parse(String line) {
            if (line == null) return new Ids(-1, -1, -1, -1);
            String[] f = line.trim().split("\\s+");
            return new Ids(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]));
        }
    }

    /** One line of uid_map or gid_map (user_namespaces(7)): IDs inside..inside+count-1 are outside..outside+count-1 in the parent. */
    public record IdMapping(long inside, long outside, long count) {
        static List<IdMapping> parse(String text) {
            List<IdMapping> out = new ArrayList<>();
            for (String line : text.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 3) out.add(new IdMapping(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
            }
            return out;
        }

        /** The initial user namespace's map: everything maps to itself. */
        public boolean isIdentity() { return inside == 0 && outside == 0 && count == 4294967295L; }
    }

    public CapabilityView {
        uidMap = List.copyOf(uidMap);
        gidMap = List.copyOf(gidMap);
    }

    /** Reads /proc/PID/status, uid_map and gid_map; compares with PID 1's status under the same proc root. */
    public static CapabilityView read(int pid, ProcFs proc) {
        return read(pid, proc, proc.status(1));
    }

    static CapabilityView read(int pid, ProcFs proc, Map<String, String> hostStatus) {
        Map<String, String> s = proc.status(pid);
        if (s.isEmpty()) throw new NoSuchProcessException(pid);
        CapSet eff = caps(s, "CapEff"), bnd = caps(s, "CapBnd");
        CapSet hostEff = hostStatus.isEmpty() ? eff : caps(hostStatus, "CapEff");
        CapSet hostBnd = hostStatus.isEmpty() ? bnd : caps(hostStatus, "CapBnd");
        String filters = s.get("Seccomp_filters");
        return new CapabilityView(pid, caps(s, "CapInh"), caps(s, "CapPrm"), eff, bnd, caps(s, "CapAmb"),
                new Comparison(CapDiff.of(eff, hostEff), CapDiff.of(bnd, hostBnd)),
                new Comparison(CapDiff.of(eff, CapSet.DOCKER_DEFAULT), CapDiff.of(bnd, CapSet.DOCKER_DEFAULT)),
                "1".equals(s.get("NoNewPrivs")), Seccomp.of(s.get("Seccomp")),
                filters == null ? null : Integer.valueOf(filters),
                Ids.parse(s.get("Uid")), Ids.parse(s.get("Gid")),
                IdMapping.parse(proc.read(pid, "uid_map").orElse("")),
                IdMapping.parse(proc.read(pid, "gid_map").orElse("")));
    }

    private static CapSet caps(Map<String, String> status, String key) {
        String v = status.get(key);
        return v == null ? CapSet.EMPTY : CapSet.parseHex(v);
    }
}
