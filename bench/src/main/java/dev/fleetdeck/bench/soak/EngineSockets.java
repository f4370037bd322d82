package dev.fleetdeck.bench.soak;

import dev.fleetdeck.testbed.ProcessRun;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Connections to the engines' unix sockets, per process, from the kernel's tables: {@code ss -xn}
 * lists the engine's side of every connection with the inode of the client's end as its peer, and
 * {@code /proc/PID/fd} names the socket inodes a process holds. Their intersection is the process's
 * open engine connections, whatever library opened them.
 */
final class EngineSockets {
    private final List<String> socketPaths;

    EngineSockets(List<String> socketPaths) {
        this.socketPaths = List.copyOf(socketPaths);
    }

    /** The client-side inodes of every established connection to one of the engines. */
    Set<Long> clientEnds() {
        Set<Long> peers = new HashSet<>();
        String out = ProcessRun.run(List.of("ss", "-xn"), Map.of(), Duration.ofSeconds(20))
                .stdout();
        for (String line : out.split("\n", -1)) {
            String[] f = line.trim().split("\\s+", -1);
            // u_str ESTAB recvq sendq LOCAL_PATH LOCAL_INODE PEER_PATH PEER_INODE
            if (f.length >= 8 && f[0].equals("u_str") && socketPaths.contains(f[4])) {
                try {
                    peers.add(Long.parseLong(f[7]));
                } catch (NumberFormatException ignored) {
                    // a line of another shape: not a connection of ours
                }
            }
        }
        return peers;
    }

    /** How many engine connections process {@code pid} holds now; 0 for a process that is gone. */
    int heldBy(long pid, Set<Long> clientEnds) {
        return (int) socketInodes(pid).stream().filter(clientEnds::contains).count();
    }

    static Set<Long> socketInodes(long pid) {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException e) {
                    // closed while we looked
                }
            }
        } catch (IOException e) {
            // the process is gone: it holds nothing
        }
        return inodes;
    }
}
