// A Testcontainers container in which commands run under syscall faults, with libsysfault.so mounted in.
package dev.sysfault.container;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.sysfault.run.internal.NativeLibrary;
import dev.sysfault.run.internal.ProgramLoader;
import dev.sysfault.run.ProcessResult;
import dev.sysfault.run.internal.RunDirectory;
import dev.sysfault.run.SyscallFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Runs commands in any image under faults, and returns what {@link SyscallFaults#run()} returns on the host:
 *
 * <pre>{@code
 * try (var container = new SyscallFaultContainer("sysfault/debian:bookworm")) {
 *     ProcessResult r = container.run(SyscallFaults.command("ls", "/")
 *             .inject(Fault.on("getdents64").fail(Errno.ENOTSUP)).trace(TraceOptions.all()));
 *     assertThat(r.exitCode()).isEqualTo(2);
 *     assertThat(r.trace()).syscall("getdents64").wasInjected().atLeastOnce();
 * }
 * }</pre>
 *
 * <p>The container's main process is {@code sleep infinity} (another {@link #withCommand} may replace it), and
 * each {@link #run} is a {@code docker exec} in it, so several commands, one after another or at once, share
 * one container; {@code run} starts the container if it is not running yet. {@link #start(SyscallFaults)}
 * returns while the command runs, with its live trace ({@link RunningContainerProgram}). A command runs as the image's
 * user with the image's environment, then the run's {@link SyscallFaults#env} entries, then
 * {@code LD_PRELOAD} with the library first, {@code SYSFAULT_RULES} and {@code SYSFAULT_TRACE}. Its working
 * directory is the run's; its stdin is {@code /dev/null}, or the run's {@link SyscallFaults#stdin}, which
 * {@code /bin/sh} (needed in the image then) reads from a file; its output comes back in the result
 * ({@link SyscallFaults#inheritIO()} is refused), and the run's {@link SyscallFaults#timeout} kills it and what
 * it started. {@link ProcessResult#pid()} is its pid as the engine's host sees it; the trace records the pids
 * inside the container.
 *
 * <p>The library ({@link #withLibrary}, else {@link NativeLibrary#path()}) is mounted read-only at
 * {@value #LIBRARY_PATH}, and each run's rule table and trace are in a directory of the JVM's mounted at
 * {@value #RUNS_PATH}, so the trace and the rule counters are read live, as on the host. An engine that
 * cannot see this machine's files gets copies instead, see {@link FileSharing}: the library in a volume named
 * by its content, which later containers on that engine find filled ({@link #libraryVolume}), and each run's
 * files in and out of the container; {@link #withHostFiles} gives
 * the container more files the same way. The shared files belong to the JVM's user (mode 0700): an image
 * whose user is another one cannot use them unless it is root.
 *
 * <p>Before it starts, the container checks that Testcontainers can set itself up ({@link DockerEngine#connect()}:
 * a clear error instead of a hang where Ryuk cannot be pulled) and that the engine fits
 * ({@link DockerEngine#requireFit}: new enough, has the image or can pull it, for {@code linux/amd64}), each
 * failure one line naming the image and the engine. Its mounts do not go through
 * {@link #withFileSystemBind}, whose first use makes Testcontainers run an {@code alpine} container to check
 * that mounts work (a pull that hangs where no registry answers); the container checks its mounts itself.
 */
public class SyscallFaultContainer extends GenericContainer<SyscallFaultContainer> {

    /** Where the container sees {@code libsysfault.so} with {@link FileSharing#BIND}. */
    public static final String LIBRARY_PATH = "/sysfault/libsysfault.so";
    /** Where the container sees {@code sysfault-exec}, the loader of static, musl and Go programs, with BIND. */
    public static final String LOADER_PATH = "/sysfault/" + ProgramLoader.FILE_NAME;
    /** Where each run's directory (its rule table and trace) is in the container. */
    public static final String RUNS_PATH = "/sysfault/runs";

    private static final String MARKER = ".sysfault-shared";

    private final String imageName;
    private final Map<String, Path> hostFiles = new LinkedHashMap<>();
    private final List<Bind> binds = new ArrayList<>();
    private Path library;
    private FileSharing fileSharing = FileSharing.AUTO;
    private FileSharing inUse;
    private RunDirectory shared;
    private String marker;
    private LibraryVolume libraryVolume;
    private boolean copiedLibrary;

    /** A container of {@code image}, for example {@code sysfault/debian:bookworm} or {@code eclipse-temurin:21}. */
    public SyscallFaultContainer(String image) {
        this(DockerImageName.parse(image));
    }

    // this-escape (JDK 21+): GenericContainer's settings are its overridable with-methods, the way Testcontainers
    // means a subclass to set its defaults; nothing here reads a field of a subclass.
    @SuppressWarnings("this-escape")
    public SyscallFaultContainer(DockerImageName image) {
        super(image);
        this.imageName = image.asCanonicalNameString();
        withCommand("sleep", "infinity");
        withCreateContainerCmdModifier(this::configureHost);
    }

    /** Mounts this {@code libsysfault.so} instead of {@link NativeLibrary#path()}. */
    public SyscallFaultContainer withLibrary(Path library) {
        this.library = Objects.requireNonNull(library, "library").toAbsolutePath().normalize();
        return self();
    }

    /** How the library and the runs' files reach the container; {@link FileSharing#AUTO} by default. */
    public SyscallFaultContainer withFileSharing(FileSharing fileSharing) {
        this.fileSharing = Objects.requireNonNull(fileSharing, "fileSharing");
        return self();
    }

    /**
     * Gives the container a file or directory of this machine at {@code containerPath}, read-only: mounted with
     * {@link FileSharing#BIND}, copied when the container starts with {@link FileSharing#COPY}.
     */
    public SyscallFaultContainer withHostFiles(Path hostPath, String containerPath) {
        Path path = Objects.requireNonNull(hostPath, "hostPath").toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("no file or directory " + path);
        }
        hostFiles.put(Objects.requireNonNull(containerPath, "containerPath"), path);
        return self();
    }

    /** The library on this machine that the container gets. */
    public Path library() {
        if (library == null) {
            library = NativeLibrary.path();
        }
        return library;
    }

    /** {@link FileSharing#BIND} or {@link FileSharing#COPY} once started; before, what was asked for. */
    public FileSharing fileSharing() {
        return inUse != null ? inUse : fileSharing;
    }

    /** Where the container sees the library. */
    public String libraryPathInContainer() {
        return fileSharing() == FileSharing.COPY ? LibraryVolume.libraryPath() : LIBRARY_PATH;
    }

    /** sysfault-exec beside the library on this machine, if there is one: every command starts through it. */
    Optional<Path> loader() {
        return ProgramLoader.path(library());
    }

    /** Where the container sees sysfault-exec, if it has one. */
    Optional<String> loaderPathInContainer() {
        return loader().map(file -> fileSharing() == FileSharing.COPY ? LibraryVolume.loaderPath() : LOADER_PATH);
    }

    /**
     * With {@link FileSharing#COPY}, once started: the Docker volume that holds the library, named by its content
     * ({@code sysfault-library-<sha256>}); else empty.
     */
    public Optional<String> libraryVolume() {
        return fileSharing() == FileSharing.COPY && libraryVolume != null ? Optional.of(libraryVolume.name())
                : Optional.empty();
    }

    /** Whether starting this container copied the library into the engine (false: its volume had it already). */
    public boolean copiedLibrary() {
        return copiedLibrary;
    }

    /**
     * Runs {@code command} in the container under its faults and waits for it, up to its timeout.
     *
     * @throws IllegalArgumentException if it asks for {@link SyscallFaults#inheritIO()}, or names a library other
     *     than this container's
     * @throws dev.sysfault.fault.FaultSpecException if a fault cannot be compiled (nothing ran then)
     */
    public ProcessResult run(SyscallFaults command) {
        start();
        return ContainerRun.run(this, command);
    }

    /**
     * Starts {@code command} in the container under its faults and returns at once: its trace is live while it runs
     * (on any engine, see {@link RunningContainerProgram}), and {@link RunningContainerProgram#stop()} or
     * {@link RunningContainerProgram#await()} makes its result.
     *
     * @throws IllegalArgumentException as {@link #run} does
     * @throws dev.sysfault.fault.FaultSpecException if a fault cannot be compiled (nothing ran then)
     */
    public RunningContainerProgram start(SyscallFaults command) {
        start();
        return ContainerRun.start(this, command).watched();
    }

    @Override
    public synchronized void start() {
        if (getContainerId() != null) {
            return;
        }
        DockerEngine.connect();
        DockerEngine.requireFit(imageName);
        inUse = fileSharing != FileSharing.AUTO ? fileSharing
                : DockerEngine.isLocal() ? FileSharing.BIND : FileSharing.COPY;
        super.start();
        if (inUse == FileSharing.BIND && !sharesFiles()) {
            stop();
            if (fileSharing == FileSharing.BIND) {
                throw new IllegalStateException("the Docker engine at " + DockerEngine.dockerHost()
                        + " does not show this machine's files in its containers (it runs elsewhere):"
                        + " use withFileSharing(FileSharing.COPY)");
            }
            inUse = FileSharing.COPY;
            super.start();
        }
        if (inUse == FileSharing.COPY) {
            copiedLibrary = libraryVolume.fill(this, imageName);
        }
    }

    @Override
    protected void configure() {
        Path lib = library();
        if (!Files.isRegularFile(lib)) {
            throw new IllegalStateException("no libsysfault.so at " + lib);
        }
        binds.clear();
        if (inUse == FileSharing.BIND) {
            shared = RunDirectory.create();
            marker = UUID.randomUUID().toString();
            try {
                Files.writeString(shared.resolve(MARKER), marker);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to " + shared, e);
            }
            binds.add(new Bind(lib.toString(), new Volume(LIBRARY_PATH), AccessMode.ro));
            loader().ifPresent(file -> binds.add(new Bind(file.toString(), new Volume(LOADER_PATH), AccessMode.ro)));
            binds.add(new Bind(shared.path().toString(), new Volume(RUNS_PATH), AccessMode.rw));
            hostFiles.forEach((inside, host) -> binds.add(new Bind(host.toString(), new Volume(inside), AccessMode.ro)));
        } else {
            libraryVolume = LibraryVolume.of(getDockerClient(), lib, loader());
            binds.add(libraryVolume.readOnlyMount());
            hostFiles.forEach((inside, host) -> withCopyFileToContainer(MountableFile.forHostPath(host), inside));
        }
    }

    /** Docker's init as the main process, which reaps what the commands leave behind; the mounts. */
    private void configureHost(CreateContainerCmd create) {
        HostConfig host = create.getHostConfig();
        host.withInit(true);
        List<Bind> all = new ArrayList<>(host.getBinds() == null ? List.of() : List.of(host.getBinds()));
        all.addAll(binds);
        host.withBinds(all);
    }

    @Override
    public void stop() {
        super.stop();
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /** Whether the container sees the marker written into the shared directory (read without exec). */
    private boolean sharesFiles() {
        try {
            String seen = copyFileFromContainer(RUNS_PATH + "/" + MARKER,
                    in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return marker.equals(seen);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A new directory for one run: in the shared directory with BIND, else a private one on this machine. */
    RunDirectory newRunDirectory() {
        return fileSharing() == FileSharing.BIND ? RunDirectory.create(shared.path()) : RunDirectory.create();
    }

    /** With COPY: each of {@code names} from {@code dir} into {@code inside}. */
    void copyIn(RunDirectory dir, String inside, List<String> names) {
        if (fileSharing() == FileSharing.COPY) {
            for (String name : names) {
                copyFileToContainer(MountableFile.forHostPath(dir.resolve(name), 0644), inside + "/" + name);
            }
        }
    }

    /** With COPY: each of {@code names} from {@code inside} back into {@code dir}, over the copies sent in. */
    void copyOut(RunDirectory dir, String inside, List<String> names) {
        if (fileSharing() == FileSharing.COPY) {
            for (String name : names) {
                copyFileFromContainer(inside + "/" + name,
                        in -> Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING));
            }
        }
    }

    /** The value of {@code name} in the image's environment, or null. */
    String imageEnv(String name) {
        String[] env = getContainerInfo().getConfig().getEnv();
        if (env != null) {
            for (String entry : env) {
                if (entry.startsWith(name + "=")) {
                    return entry.substring(name.length() + 1);
                }
            }
        }
        return null;
    }
}
