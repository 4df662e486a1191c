package dev.glassbox.engine;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.glassbox.runtime.ContainerConfig;
import java.util.List;
import java.util.Map;

/**
 * The body of Docker's {@code POST /containers/create}, for the fields Glassbox has. Null means
 * "not given". {@code Cmd} and {@code Entrypoint} may be a string or an array, as Docker accepts.
 */
@JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreateBody(
        String image,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> cmd,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> entrypoint,
        List<String> env,
        String workingDir,
        String user,
        String hostname,
        Boolean tty,
        Boolean openStdin,
        Map<String, String> labels,
        HostConfig hostConfig) {

    /** Docker's {@code HostConfig}: limits, privileges and namespace choices. */
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HostConfig(
            Long memory,
            Long memorySwap,
            Long nanoCpus,
            Long pidsLimit,
            List<String> capAdd,
            List<String> capDrop,
            Boolean privileged,
            Boolean readonlyRootfs,
            String networkMode,
            String pidMode,
            String ipcMode,
            @JsonProperty("UTSMode") String utsMode,
            Boolean autoRemove) {
        static final HostConfig EMPTY = new HostConfig(null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    /**
     * The runtime's request. Docker's "unset" spellings become null: 0 for a limit (and -1 for
     * the pids limit), "" or "default" for a mode. {@code Entrypoint: [""]} (what
     * {@code --entrypoint ""} sends) clears the image's entrypoint: an empty list.
     */
    public ContainerConfig toConfig(String name) {
        HostConfig h = hostConfig == null ? HostConfig.EMPTY : hostConfig;
        List<String> ep = entrypoint;
        if (ep != null && ep.size() == 1 && ep.getFirst().isEmpty()) ep = List.of();
        return new ContainerConfig(null, blankToNull(name), image, null, ep, cmd, env, blankToNull(workingDir),
                blankToNull(user), blankToNull(hostname), isTrue(tty), isTrue(openStdin), isTrue(h.autoRemove()),
                positive(h.memory()), h.memorySwap() == null || h.memorySwap() == 0 ? null : h.memorySwap(),
                positive(h.nanoCpus()), positive(h.pidsLimit()), h.capAdd(), h.capDrop(), isTrue(h.privileged()),
                isTrue(h.readonlyRootfs()), mode(h.networkMode()), mode(h.pidMode()), mode(h.ipcMode()),
                mode(h.utsMode()), labels, null);
    }

    private static boolean isTrue(Boolean b) { return b != null && b; }

    private static Long positive(Long v) { return v == null || v <= 0 ? null : v; }

    private static String blankToNull(String s) { return s == null || s.isEmpty() ? null : s; }

    private static String mode(String s) { return s == null || s.isEmpty() || s.equals("default") ? null : s; }
}
