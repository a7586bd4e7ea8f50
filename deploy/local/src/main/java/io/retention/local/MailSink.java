package io.retention.local;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * A real SMTP server in the JVM (GreenMail) that keeps what it receives in memory: the local platform's outgoing
 * mail goes here instead of to customers, and tests read what was sent.
 */
public final class MailSink implements AutoCloseable {
    private final GreenMail server;

    private MailSink(GreenMail server) {
        this.server = server;
    }

    /** Starts the server on 127.0.0.1; port 0 for a free one. */
    public static MailSink start(int port) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        GreenMail server = new GreenMail(port == 0 ? setup.dynamicPort() : setup);
        server.start();
        return new MailSink(server);
    }

    public int port() {
        return server.getSmtp().getPort();
    }

    /** A message as received. */
    public record Mail(String messageId, String to, String subject, String body, String template) {}

    /** Everything received so far, in order. */
    public List<Mail> received() {
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            try {
                mails.add(new Mail(
                        message.getMessageID(),
                        message.getAllRecipients()[0].toString(),
                        message.getSubject(),
                        String.valueOf(message.getContent()).replace("\r\n", "\n"),
                        message.getHeader("X-Retention-Template", null)));
            } catch (MessagingException | java.io.IOException e) {
                throw new IllegalStateException("cannot read a received message", e);
            }
        }
        return mails;
    }

    /** The messages received for one address. */
    public List<Mail> receivedBy(String address) {
        return received().stream().filter(mail -> mail.to().equals(address)).toList();
    }

    @Override
    public void close() {
        server.stop();
    }
}
