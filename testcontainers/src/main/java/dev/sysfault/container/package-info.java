// Containers: programs and test workers in Docker images with another glibc or JDK.
/**
 * The preload step in a container. {@link dev.sysfault.container.SyscallFaultContainer} runs commands under
 * {@code libsysfault.so} inside an image, with the same rules and trace as on the host, and starts them as a
 * {@link dev.sysfault.container.RunningContainerProgram} whose trace is live on any engine;
 * {@link dev.sysfault.container.RequiresDocker} skips a test where no engine answers, and
 * {@link dev.sysfault.container.DockerEngine} says why. The only package of sysfault that uses Testcontainers and
 * docker-java: a user who needs none of this depends on {@code sysfault-junit-extension} alone.
 */
package dev.sysfault.container;
