package dev.glassbox.exercise.check;

import dev.glassbox.exercise.directory.ImageFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The image's configuration, as {@code docker image inspect} shows it: CMD, ENTRYPOINT (exec
 * form, as lists), USER, WORKDIR, these labels and environment variables among others, these
 * exposed ports. Only the fields given are compared; {@code userNotRoot: true} accepts any
 * USER but root.
 */
public record ImageConfig(String image, List<String> cmd, List<String> entrypoint, String user, Boolean userNotRoot,
                          String workingDir, Map<String, String> labels, List<String> env, List<String> exposedPorts) implements Check {
    public ImageConfig {
        Objects.requireNonNull(image, "image-config needs image: NAME[:TAG]");
    }

    @Override
    public Observation evaluate(Machine m) {
        ImageFacts i = Images.require(m, image);
        List<String> want = new ArrayList<>(), seen = new ArrayList<>();
        boolean pass = true;
        if (cmd != null) {
            want.add("CMD " + cmd);
            seen.add("CMD " + i.cmd());
            pass &= cmd.equals(i.cmd());
        }
        if (entrypoint != null) {
            want.add("ENTRYPOINT " + entrypoint);
            seen.add("ENTRYPOINT " + i.entrypoint());
            pass &= entrypoint.equals(i.entrypoint());
        }
        if (user != null || Boolean.TRUE.equals(userNotRoot)) {
            String u = i.user() == null ? "" : i.user();
            want.add(user != null ? "USER " + user : "a USER other than root");
            seen.add(u.isEmpty() ? "no USER (root)" : "USER " + u);
            if (user != null) pass &= user.equals(u);
            if (Boolean.TRUE.equals(userNotRoot)) pass &= !u.isEmpty() && !u.equals("0") && !u.equals("root") && !u.startsWith("0:") && !u.startsWith("root:");
        }
        if (workingDir != null) {
            want.add("WORKDIR " + workingDir);
            seen.add("WORKDIR " + (i.workingDir().isEmpty() ? "(none)" : i.workingDir()));
            pass &= workingDir.equals(i.workingDir());
        }
        if (labels != null) {
            for (Map.Entry<String, String> e : labels.entrySet()) {
                want.add("LABEL " + e.getKey() + "=" + e.getValue());
                String got = i.labels().get(e.getKey());
                seen.add(got == null ? "no label " + e.getKey() : "LABEL " + e.getKey() + "=" + got);
                pass &= e.getValue().equals(got);
            }
        }
        if (env != null) {
            for (String e : env) {
                want.add("ENV " + e);
                String key = e.contains("=") ? e.substring(0, e.indexOf('=')) : e;
                String got = i.env().stream().filter(x -> x.startsWith(key + "=")).findFirst().orElse(null);
                seen.add(got == null ? "no ENV " + key : "ENV " + got);
                pass &= e.equals(got);
            }
        }
        if (exposedPorts != null) {
            want.add("EXPOSE " + exposedPorts);
            seen.add("EXPOSE " + i.exposedPorts());
            pass &= i.exposedPorts().containsAll(exposedPorts);
        }
        return Observation.of(pass, String.join("; ", want), String.join("; ", seen));
    }

    @Override public String view() { return LAYERS; }

    @Override public String describe() { return "image " + image + " is configured as asked"; }
}
