// Containers: SyscallFaultContainer and the workers of @RunInContainer and @GlibcMatrix; dev.sysfault.container is API.
// requires-(transitive-)automatic: Testcontainers' jar and docker-java's name no module of their own.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.sysfault.container {
    requires transitive dev.sysfault.junit;
    requires transitive testcontainers;
    requires com.github.dockerjava.api;
    requires com.github.dockerjava.transport;

    exports dev.sysfault.container;

    provides dev.sysfault.worker.internal.ContainerWorkers with dev.sysfault.container.internal.DockerWorkers;
}
