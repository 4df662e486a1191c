package dev.glassbox.cli.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glassbox.testing.DockerDaemon;
import dev.glassbox.testing.RootOnly;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our templates against Go's own: each template is given to {@code docker inspect -f} (the docker
 * CLI runs Go's text/template) and to {@link GoTemplate} on the JSON {@code docker inspect} printed
 * for the same container; both must print the same. A private dockerd (Debian's docker.io); the
 * container is only created, never started.
 *
 * <p>Left out: fields that are null in the JSON, and whole structs: Docker prints those from its
 * typed structs ({@code []}, {@code {a b}}), which the JSON no longer tells apart from maps and lists.
 */
@RootOnly
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerTemplateTest {
    private DockerDaemon docker;
    private JsonNode inspected;

    @BeforeAll
    void createAContainerInDocker() throws Exception {
        docker = DockerDaemon.start();
        docker.importBusybox("busybox:latest");
        docker.docker("create", "--name", "web", "--network", "none", "-e", "A=1", "-e", "B=two words",
                "--label", "tier=front", "--label", "app=shop", "-w", "/tmp", "--memory", "64m",
                "busybox", "sh", "-c", "sleep 1");
        inspected = new ObjectMapper().readTree(docker.docker("inspect", "web")).get(0);
    }

    @AfterAll
    void stopDocker() throws Exception {
        if (docker != null) docker.close();
    }

    static List<String> templates() {
        return List.of(
                "{{.Name}}", "{{.Id}}", "{{.State.Status}}", "{{.State.Running}}", "{{.State.Pid}}",
                "{{.HostConfig.Memory}}", "{{.Config.WorkingDir}}", "{{.Config.Env}}", "{{.Config.Cmd}}",
                "{{.Config.Labels}}", "{{json .Config.Env}}", "{{json .Config.Labels}}", "{{.Config.Labels | json}}",
                "{{json .Config}}", "{{json .State}}",
                "{{index .Config.Labels \"tier\"}}", "[{{index .Config.Labels \"none\"}}]", "{{index .Config.Cmd 2}}",
                "{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}", "{{range .Config.Env}}<{{.}}>{{end}}",
                "{{range $i, $e := .Config.Cmd}}{{$i}}:{{$e}} {{end}}", "{{range .Config.Entrypoint}}x{{else}}none{{end}}",
                "{{len .Config.Env}} {{len .Name}} {{len .Config.Labels}}", "{{join .Config.Cmd \"+\"}}",
                "{{if eq .State.Status \"created\"}}new{{else}}old{{end}}",
                "{{if ne .State.ExitCode 0}}bad{{else if .State.Running}}up{{else}}down{{end}}",
                "{{if and .Config.Env (not .State.Running)}}yes{{end}}", "{{or .Config.Domainname \"nodomain\"}}",
                "{{gt .HostConfig.Memory 1000}} {{lt .State.Pid 1}} {{eq .State.Pid 0 1}}",
                "{{with .Config}}{{.WorkingDir}}{{end}}", "{{with .Config.Entrypoint}}x{{else}}empty{{end}}",
                "{{upper .State.Status}} {{lower \"ABC\"}} {{title \"two words\"}}", "{{index (split .Name \"/\") 1}}",
                "{{(index .Config.Cmd 0)}}", "{{$n := .Name}}{{range .Config.Cmd}}{{$n}}{{end}}", "{{$.Name}}",
                "{{print .State.Pid .State.ExitCode}} {{print \"a\" \"b\" 1}}", "{{println .Name}}",
                "a  {{- .Name -}}  b", "{{/* note */}}{{.Config.Image}}", "{{`raw \\n`}}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void printsWhatDockerPrints(String template) throws Exception {
        String docker = this.docker.docker("inspect", "-f", template, "web");
        assertEquals(docker, GoTemplate.parse(template).render(inspected) + "\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missing")
    void aMissingFieldIsAnErrorInBoth(String template) throws Exception {
        DockerDaemon.Result r = docker.run(List.of("inspect", "-f", template, "web"));
        assertEquals(1, r.exit(), r.out());
        TemplateException ours = assertThrows(TemplateException.class, () -> GoTemplate.parse(template).render(inspected));
        assertTrue(r.err().contains(ours.getMessage()), "docker said: " + r.err() + "; we said: " + ours.getMessage());
    }

    static List<String> missing() {
        return List.of("{{.Nope}}", "{{.Config.Nope}}", "{{range .Config.Nope}}x{{end}}", "{{with .State.Nope}}x{{end}}");
    }
}
