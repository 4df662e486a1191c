package dev.glassbox.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes changes on to a {@link CgroupFs} and writes down, for each one that succeeded, the
 * shell command a student could type to do the same ({@code mkdir}, {@code echo ... >},
 * {@code rmdir}, {@code kill}). The step engine prints these.
 */
final class ShellLog implements CgroupFs {
    private final CgroupFs fs;
    private final List<String> commands = new ArrayList<>();

    ShellLog(CgroupFs fs) {
        this.fs = fs;
    }

    @Override
    public void mkdir(Path dir) throws IOException {
        fs.mkdir(dir);
        note("mkdir " + dir);
    }

    @Override
    public void rmdir(Path dir) throws IOException {
        fs.rmdir(dir);
        note("rmdir " + dir);
    }

    @Override
    public void write(Path file, String value) throws IOException {
        fs.write(file, value);
        note("echo " + (value.matches("[A-Za-z0-9_+.:-]+") ? value : "\"" + value + "\"") + " > " + file);
    }

    synchronized void note(String command) {
        commands.add(command);
    }

    synchronized List<String> commands() {
        return List.copyOf(commands);
    }
}
