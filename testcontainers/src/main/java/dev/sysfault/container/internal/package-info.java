// Internal: the worker JVMs of @RunInContainer and @GlibcMatrix tests, each in a container of its own.
/**
 * Not API. {@code DockerWorkers} is what the extension's {@code ContainerWorkers} finds through
 * {@code ServiceLoader}: {@code ContainerLaunch} starts a {@code WorkerContainer} with the class path, the library
 * and the worker's directory mounted, and runs the worker in it by {@code docker exec} ({@code ContainerProcess}).
 */
package dev.sysfault.container.internal;
