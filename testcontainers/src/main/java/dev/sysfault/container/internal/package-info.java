// Internal: the worker JVMs of @RunInContainer and @GlibcMatrix tests, each in a container of its own, on any engine.
/**
 * Not API. {@code DockerWorkers} is what the extension's {@code ContainerWorkers} finds through
 * {@code ServiceLoader}: {@code ContainerLaunch} copies the class path and the library into the engine once by
 * content ({@code EngineFiles}, with {@code Tar}), starts a {@code WorkerContainer} that mounts them and publishes
 * the worker's port, and runs the worker in it by {@code docker exec} ({@code ContainerProcess});
 * {@code ContainerWorker} is how the parent reaches it and copies its files out after it died.
 */
package dev.sysfault.container.internal;
