package io.deploymcp.kube.status;

/**
 * One line a container wrote, as the pod log API serves it.
 *
 * @param pod the pod that wrote it
 * @param container the container
 * @param previous whether it is from the previous (terminated) instance of the container
 * @param line the text, without the line break
 */
public record RuntimeLogLine(String pod, String container, boolean previous, String line) {}
