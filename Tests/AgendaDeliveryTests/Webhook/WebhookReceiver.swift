import AgendaDelivery
import AgendaFetch
import Foundation
import Testing
import TestSupport

/// A fresh random `whsec_` secret (32-byte key).
func randomWebhookSecret() -> String { WebhookReceiver.randomSecret() }

let webhookTestUserAgent = "agenda-sync-tests/1.0 (+https://example.org/bot; ops@example.org)"

/// Runs `body` with a sender over a fresh client (configured as the daemon's), shut down after.
func withWebhookSender<R>(_ body: (WebhookSender) async throws -> R) async rethrows -> R {
    let client = HTTPClient(configuration: WebhookSender.clientConfiguration(userAgent: webhookTestUserAgent))
    defer { client.shutdown() }
    return try await body(WebhookSender(client: client))
}

