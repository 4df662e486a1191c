package dev.glassbox.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** docker top: the container's processes read from /proc (host PIDs), as ps -ef would show them. */
final class Top {
    static final List<String> TITLES = List.of("UID", "PID", "PPID", "STAT", "TIME", "CMD");

    private Top() {}

    static List<List<String>> of(List<Integer> pids) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(TITLES);
        long ticks = 100; // USER_HZ on Linux
        for (int pid : pids.stream().sorted().toList()) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                String uid = "?";
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("Uid:")) uid = line.split("\\s+")[1];
                }
                long cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / ticks;
                String cmd = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).replace('\0', ' ').trim();
                if (cmd.isEmpty()) cmd = "[" + stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')) + "]";
                rows.add(List.of(uid, String.valueOf(pid), f[1], f[0],
                        String.format("%02d:%02d:%02d", cpu / 3600, cpu / 60 % 60, cpu % 60), cmd));
            } catch (IOException | RuntimeException e) {
                // exited while we looked
            }
        }
        return rows;
    }
}
