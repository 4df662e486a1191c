package dev.glassbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** network create, ls, inspect, rm, connect, disconnect, prune. */
@Command(name = "network", description = "Manage networks: bridges on which containers reach each other.",
        subcommands = {NetworkCommands.Create.class, NetworkCommands.Ls.class, NetworkCommands.Inspect.class,
                NetworkCommands.Rm.class, NetworkCommands.Connect.class, NetworkCommands.Disconnect.class,
                NetworkCommands.Prune.class},
        footerHeading = "%nExamples:%n",
        footer = {"  glassbox network create --subnet 10.10.0.0/24 front",
                "  glassbox run -d --name web --network front base httpd -f -p 80",
                "  glassbox run --rm --network front base ping -c1 web     containers find each other by name",
                "  glassbox network connect front db"})
final class NetworkCommands extends Verb {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }

    @Command(name = "create", description = "Create a bridge network (its own Linux bridge, subnet and gateway); print its id.")
    static final class Create extends Verb {
        @Option(names = "--subnet", paramLabel = "CIDR", description = "The subnet, e.g. 10.10.0.0/24 (default: a free one).")
        String subnet;

        @Option(names = "--gateway", paramLabel = "IP", description = "The bridge's address in the subnet (default: the first).")
        String gateway;

        @Option(names = {"-d", "--driver"}, paramLabel = "DRIVER", description = "bridge, the only driver.")
        String driver = "bridge";

        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            if (!driver.equals("bridge")) throw new CliException("invalid --driver \"" + driver + "\": Glassbox has the bridge driver only");
            if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
                throw new CliException("invalid network name \"" + name + "\": use letters, digits and _ . - (starting with a letter or digit)");
            }
            if (subnet != null && !subnet.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
                throw new CliException("invalid --subnet \"" + subnet + "\": use an IPv4 CIDR such as 10.10.0.0/24");
            }
            if (gateway != null && !gateway.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                throw new CliException("invalid --gateway \"" + gateway + "\": use an IPv4 address such as 10.10.0.1");
            }
            if (gateway != null && subnet == null) throw new CliException("--gateway needs --subnet too: the gateway is an address of the subnet");
            out().println(client().createNetwork(name, subnet, gateway));
            return 0;
        }
    }

    @Command(name = "ls", aliases = "list", description = "List networks.")
    static final class Ls extends Verb {
        @Option(names = {"-q", "--quiet"}, description = "Only print network ids.")
        boolean quiet;

        @Option(names = "--no-trunc", description = "Do not shorten ids.")
        boolean noTrunc;

        @Override
        public Integer call() {
            JsonNode list = client().networks();
            if (quiet) {
                list.forEach(n -> out().println(id(n, noTrunc)));
                return 0;
            }
            table(list, noTrunc).print(out());
            return 0;
        }

        static Table table(JsonNode networks, boolean noTrunc) {
            Table t = new Table("NETWORK ID", "NAME", "DRIVER", "SCOPE");
            for (JsonNode n : networks) t.row(id(n, noTrunc), n.path("Name").asText(), n.path("Driver").asText(), n.path("Scope").asText());
            return t;
        }

        private static String id(JsonNode n, boolean noTrunc) {
            String id = n.path("Id").asText();
            return noTrunc ? id : id.substring(0, Math.min(12, id.length()));
        }
    }

    @Command(name = "inspect", description = "Show networks as JSON, in Docker's shape: subnet, gateway, bridge, containers.")
    static final class Inspect extends Verb {
        @Parameters(arity = "1..*", paramLabel = "NETWORK") List<String> networks;

        @Mixin FormatOption format;

        @Override
        public Integer call() { return InspectCommand.printAll(this, format, networks, ref -> client().network(ref)); }
    }

    @Command(name = "rm", aliases = "remove", description = "Remove networks (their bridges); refused while containers are attached.")
    static final class Rm extends Verb {
        @Parameters(arity = "1..*", paramLabel = "NETWORK") List<String> networks;

        @Override
        public Integer call() { return LifecycleCommands.each(this, networks, ref -> client().removeNetwork(ref)); }
    }

    @Command(name = "connect", description = "Connect a running container to a network: one more veth, one more address.")
    static final class Connect extends Verb {
        @Parameters(index = "0", paramLabel = "NETWORK") String network;

        @Parameters(index = "1", paramLabel = "CONTAINER") String container;

        @Override
        public Integer call() {
            client().connect(network, container);
            return 0;
        }
    }

    @Command(name = "disconnect", description = "Disconnect a container from a network.")
    static final class Disconnect extends Verb {
        @Option(names = {"-f", "--force"}, description = "Accepted for Docker's sake.")
        boolean force;

        @Parameters(index = "0", paramLabel = "NETWORK") String network;

        @Parameters(index = "1", paramLabel = "CONTAINER") String container;

        @Override
        public Integer call() {
            client().disconnect(network, container, force);
            return 0;
        }
    }

    @Command(name = "prune", description = "Remove every user-defined network no container uses.")
    static final class Prune extends Verb {
        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
        boolean force;

        @Override
        public Integer call() {
            if (!force && !Confirm.ask(this, "WARNING! This will remove all custom networks not used by at least one container.", "-f")) {
                return 0;
            }
            JsonNode deleted = client().pruneNetworks().path("NetworksDeleted");
            if (!deleted.isEmpty()) {
                out().println("Deleted Networks:");
                deleted.forEach(n -> out().println(n.asText()));
            }
            return 0;
        }
    }
}
