package io.deploymcp.buildkit.filesync;

/**
 * What one synced directory cost so far, over all DiffCopy calls the daemon made for it.
 *
 * @param calls DiffCopy calls (the dockerfile frontend reads {@code context} twice: once for
 *     {@code .dockerignore}, once for the files)
 * @param entriesSent STAT packets, i.e. entries walked and announced
 * @param filesRequested REQ packets: files whose content the daemon did not have cached
 * @param bytesSent file content sent in DATA packets
 */
public record FileTransfer(String dir, int calls, long entriesSent, long filesRequested, long bytesSent) {}
