import AgendaConfig
import AgendaStore
import AgendaSync
import Foundation
import Metrics
import Prometheus
import Synchronization

/// The daemon's metrics backend: swift-prometheus' registry behind swift-metrics' API (the pipeline
/// records through that API, see ``PipelineMetrics``), plus the gauges read from the database at
/// each scrape (outbox backlog, held sources) and build information. `/metrics` renders it.
final class DaemonMetrics: Sendable {
    static let outboxPending = "agenda_sync_outbox_pending"
    static let outboxOldestAge = "agenda_sync_outbox_oldest_pending_age_seconds"
    static let sourceHeld = "agenda_sync_source_held"
    static let buildInfo = "agenda_sync_build_info"

    static let help: [String: String] = PipelineMetrics.help.merging([
        outboxPending: "Notices waiting to be delivered (pending, or failed and to be retried), by subscription.",
        outboxOldestAge: "Age of the oldest notice waiting to be delivered, by subscription.",
        sourceHeld: "1 while a source's changes are held (they looked like a page-template change), else 0.",
        buildInfo: "Always 1; the labels say which build is running.",
    ]) { pipeline, _ in pipeline }

    /// Cycle durations run from a second (an unchanged council) to many minutes (a first baseline);
    /// fetches keep swift-prometheus' default buckets (5 ms to 10 s).
    static let cycleBuckets: [Duration] = [.milliseconds(250), .seconds(1), .milliseconds(2_500), .seconds(5), .seconds(10),
                                           .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600), .seconds(1_800)]

    /// The process's one registry, bootstrapped into swift-metrics on first use (a process can
    /// bootstrap only once; in-process tests may start several daemons).
    static let shared: DaemonMetrics = {
        let metrics = DaemonMetrics(registry: PrometheusCollectorRegistry())
        MetricsSystem.bootstrap(DocumentedPrometheusFactory(registry: metrics.registry, help: help,
                                                            durationBuckets: [PipelineMetrics.cycleDuration: cycleBuckets]))
        metrics.registry.makeGauge(descriptor: descriptor(buildInfo), labels: [("swift", swiftVersion), ("build", buildKind)]).set(to: 1)
        return metrics
    }()

    let registry: PrometheusCollectorRegistry
    /// The label values the last scrape set the database's gauges for, so that the next one removes
    /// those of sources and subscriptions a reload dropped (a stale `source_held 1` would page someone).
    private let scraped = Mutex<(sources: Set<String>, subscriptions: Set<String>)>(([], []))

    private init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// The Prometheus text exposition of every series, after reading the database's gauges afresh.
    func scrape(configuration: AgendaConfiguration, store: AgendaStore, now: Date) throws(StoreError) -> String {
        let backlog = Dictionary(uniqueKeysWithValues: try store.outboxBacklog().map { ($0.subscriptionID, $0) })
        for subscription in configuration.subscriptions {
            let labels = [("subscription", subscription.id)]
            let waiting = backlog[subscription.id]
            gauge(Self.outboxPending, labels).set(to: Double(waiting?.count ?? 0))
            gauge(Self.outboxOldestAge, labels).set(to: waiting.map { max(0, now.timeIntervalSince($0.oldestCreatedAt)) } ?? 0)
        }
        let holds = try store.holds()
        for source in configuration.sources {
            gauge(Self.sourceHeld, [("source", source.id)]).set(to: holds[source.id] == nil ? 0 : 1)
        }
        let sources = Set(configuration.sources.map(\.id)), subscriptions = Set(configuration.subscriptions.map(\.id))
        let previous = scraped.withLock { scraped in
            defer { scraped = (sources, subscriptions) }
            return scraped
        }
        for gone in previous.sources.subtracting(sources) {
            registry.unregisterGauge(gauge(Self.sourceHeld, [("source", gone)]))
        }
        for gone in previous.subscriptions.subtracting(subscriptions) {
            registry.unregisterGauge(gauge(Self.outboxPending, [("subscription", gone)]))
            registry.unregisterGauge(gauge(Self.outboxOldestAge, [("subscription", gone)]))
        }
        return registry.emitToString()
    }

    private func gauge(_ name: String, _ labels: [(String, String)]) -> Prometheus.Gauge {
        registry.makeGauge(descriptor: Self.descriptor(name), labels: labels)
    }

    static func descriptor(_ name: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, helpText: help[name] ?? name)
    }

    private static var swiftVersion: String {
        #if compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #else
        "6.1"
        #endif
    }

    private static var buildKind: String {
        #if DEBUG
        "debug"
        #else
        "release"
        #endif
    }
}

/// swift-metrics' factory over a swift-prometheus registry, like swift-prometheus' own
/// `PrometheusMetricsFactory` but giving every series its `# HELP` text (that factory registers
/// none, and `promtool check metrics` rejects series without one).
struct DocumentedPrometheusFactory: MetricsFactory {
    let registry: PrometheusCollectorRegistry
    let help: [String: String]
    let durationBuckets: [String: [Duration]]
    static let defaultDurationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .milliseconds(2_500), .seconds(5), .seconds(10),
    ]
    static let defaultValueBuckets: [Double] = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000]

    private func descriptor(_ label: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: label, helpText: help[label] ?? label)
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        aggregate
            ? registry.makeValueHistogram(descriptor: descriptor(label), labels: dimensions, buckets: Self.defaultValueBuckets)
            : registry.makeGauge(descriptor: descriptor(label), labels: dimensions)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(descriptor: descriptor(label), labels: dimensions)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        registry.makeDurationHistogram(descriptor: descriptor(label), labels: dimensions,
                                       buckets: durationBuckets[label] ?? Self.defaultDurationBuckets)
    }

    func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyRecorder(_ handler: any RecorderHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
        if let histogram = handler as? ValueHistogram { registry.unregisterValueHistogram(histogram) }
    }

    func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? DurationHistogram { registry.unregisterDurationHistogram(histogram) }
    }
}
