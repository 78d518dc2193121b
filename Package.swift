// swift-tools-version:6.2
import PackageDescription

// Data flows one way: fetch → extract → diff → store → deliver. A lower stage never
// imports a higher one, and AgendaModel imports only AgendaCore.
let package = Package(
    name: "agenda-sync",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "agenda-sync", targets: ["agenda-sync"]),
        // The sample council with faults, validators, a request log and a benchmark corpus, for
        // testing an integration against a ModernGov-template site (like HummingbirdTesting).
        .library(name: "SampleCouncilTesting", targets: ["SampleCouncilTesting", "SampleCouncil"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Metrics: the pipeline records through swift-metrics' API; the daemon serves them with swift-prometheus.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // System libraries (Debian -dev packages; `make deps` installs them).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CXXHash", pkgConfig: "libxxhash", providers: [.apt(["libxxhash-dev"])]),
        // userfaultfd(2) for agenda-sync's start-up (CodePages): a header of static inline C, no library.
        .systemLibrary(name: "CUserfaultfd"),
        // The agenda-sync executable's allocator (Sources/agenda-sync/Allocator.swift); no pkg-config file in Debian 12.
        .systemLibrary(name: "CMimalloc", providers: [.apt(["libmimalloc-dev"])]),

        // Primitives every stage shares (URL, address classification, UK time, durations, hex).
        .target(name: "AgendaCore"),
        // The pipeline, lowest stage first.
        .target(name: "AgendaModel", dependencies: ["AgendaCore"]),
        .target(name: "AgendaFetch", dependencies: ["AgendaCore", "CCurl"]),
        .target(name: "ModernGov", dependencies: ["AgendaCore", "AgendaModel", "CLibXML2"]),
        .target(name: "AgendaDiff", dependencies: ["AgendaCore", "AgendaModel", "COpenSSL", "CXXHash"]),
        .target(name: "AgendaStore", dependencies: [
            "AgendaCore", "AgendaModel", "CZlib", "CZstd", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "AgendaConfig", dependencies: ["AgendaCore", "AgendaModel", .product(name: "TOMLKit", package: "TOMLKit")]),
        // Delivery channels: JSON Lines files, Standard Webhooks over libcurl, Maildir spool, SMTP relay,
        // iCalendar and Atom files (libxml2's writer for Atom and the HTML of emails).
        .target(name: "AgendaDelivery", dependencies: ["AgendaCore", "AgendaModel", "AgendaDiff", "AgendaFetch", "CCurl", "COpenSSL",
                                                       "CLibXML2"]),
        .target(name: "AgendaSync", dependencies: [
            "AgendaCore", "AgendaModel", "AgendaFetch", "ModernGov", "AgendaDiff", "AgendaStore", "AgendaConfig", "AgendaDelivery",
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        // The UK's ModernGov councils, compiled in (LGSF/ holds the data it is generated from).
        .target(name: "CouncilRegistry", dependencies: ["AgendaCore"], exclude: ["LGSF"]),
        // Reading a council outside any sync cycle, politely: committee discovery, check-source.
        .target(name: "AgendaDiscovery", dependencies: [
            "AgendaCore", "AgendaModel", "AgendaFetch", "ModernGov", "AgendaStore", "AgendaConfig", "AgendaSync", "CouncilRegistry",
        ]),
        // The long-running service: schedule, lifecycle, sd_notify, journald logging, the HTTP listener
        // (/metrics, /healthz, /feeds/NAME over FlyingFox).
        .target(name: "AgendaDaemon", dependencies: [
            "AgendaCore", "AgendaSync", "AgendaConfig", "AgendaStore", "AgendaFetch", "AgendaDelivery", "AgendaDiff",
            .product(name: "FlyingFox", package: "FlyingFox"), .product(name: "FlyingSocks", package: "FlyingFox"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),
        // A ModernGov-template site served from memory: the demo's council, the tests' and the benchmark's.
        .target(name: "SampleCouncil", dependencies: [
            "AgendaCore", "AgendaModel", .product(name: "FlyingFox", package: "FlyingFox"), .product(name: "FlyingSocks", package: "FlyingFox"),
        ]),
        // What only tests and the benchmark use: faults, validators, request log, the benchmark corpus.
        .target(name: "SampleCouncilTesting", dependencies: ["SampleCouncil", "AgendaCore", "AgendaModel"]),
        .executableTarget(name: "agenda-sync", dependencies: [
            "AgendaCore", "AgendaSync", "AgendaDaemon", "SampleCouncil", "AgendaDelivery", "AgendaConfig", "AgendaStore",
            "AgendaDiff", "AgendaFetch", "AgendaModel", "AgendaDiscovery", "CouncilRegistry", "ModernGov", "CUserfaultfd", "CMimalloc",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "FlyingFox", package: "FlyingFox"),
            .product(name: "Logging", package: "swift-log"),
        ], linkerSettings: [
            // Resident memory of every run (README "Benchmarks", memory): lld packs the ~100,000 relative
            // relocations of a position-independent binary into a compact table (DT_RELR, glibc ≥ 2.36)
            // instead of 2.5 MB of RELA entries the loader reads in full, and the binary exports no
            // symbols (the driver's default -export-dynamic put 20,000 in its dynamic symbol table,
            // which every symbol lookup of every shared library searched first).
            .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic"],
                         .when(platforms: [.linux])),
        ]),
        .executableTarget(name: "agenda-sync-bench", dependencies: [
            "AgendaCore", "AgendaSync", "SampleCouncil", "SampleCouncilTesting", "ModernGov", "AgendaModel", "AgendaDiff",
            "AgendaStore", "AgendaConfig", "AgendaFetch", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ], path: "Benchmarks/agenda-sync-bench"),

        .testTarget(name: "AgendaCoreTests", dependencies: ["AgendaCore"]),
        .testTarget(name: "CouncilRegistryTests", dependencies: ["CouncilRegistry", "AgendaCore"]),
        .testTarget(name: "ModernGovTests", dependencies: ["ModernGov", "AgendaModel", "AgendaCore", "SampleCouncilTesting", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "AgendaFetchTests", dependencies: [
            "AgendaCore", "AgendaFetch", "CZlib", "TestSupport", .product(name: "FlyingFox", package: "FlyingFox"),
        ]),
        .testTarget(name: "AgendaDiffTests", dependencies: ["AgendaDiff", "AgendaModel", "AgendaCore"]),
        .testTarget(name: "AgendaStoreTests", dependencies: ["AgendaStore", "AgendaModel", "AgendaDiff", "AgendaCore", "TestSupport",
                                                           .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "AgendaConfigTests", dependencies: ["AgendaConfig", "AgendaModel", "AgendaCore"], exclude: ["Fixtures"]),
        // Helpers the test targets and the benchmark share (spawning programs, temporary folders,
        // polling, raw servers, the Python receivers); not part of the product.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "TestSupportTests", dependencies: ["TestSupport"]),
        .testTarget(name: "AgendaDeliveryTests", dependencies: ["AgendaCore", "AgendaDelivery", "AgendaModel", "AgendaFetch", "AgendaDiff",
                                                              "TestSupport"],
                    exclude: ["Scripts"]),
        .testTarget(name: "SampleCouncilTests", dependencies: [
            "SampleCouncil", "SampleCouncilTesting", "ModernGov", "AgendaModel", "AgendaCore", "AgendaFetch", "TestSupport",
            .product(name: "FlyingSocks", package: "FlyingFox"),
        ]),
        .testTarget(name: "AgendaSyncTests", dependencies: [
            "AgendaCore", "AgendaSync", "AgendaConfig", "AgendaDiff", "AgendaFetch", "AgendaModel", "AgendaStore", "ModernGov", "SampleCouncil",
            "SampleCouncilTesting", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "AgendaDaemonTests", dependencies: [
            "AgendaCore", "AgendaDaemon", "AgendaSync", "AgendaConfig", "AgendaDiff", "AgendaFetch", "AgendaModel", "AgendaStore", "SampleCouncil",
            "SampleCouncilTesting", "TestSupport",
        ]),
        .testTarget(name: "AgendaDiscoveryTests", dependencies: [
            "AgendaDiscovery", "AgendaConfig", "AgendaCore", "AgendaModel", "AgendaStore", "CouncilRegistry", "ModernGov", "SampleCouncil",
            "SampleCouncilTesting", "TestSupport",
        ]),
        // Drives the real `agenda-sync` binary, as an admin would.
        .testTarget(name: "AgendaSyncCLITests", dependencies: ["SampleCouncil", "SampleCouncilTesting", "AgendaModel", "TestSupport"]),
    ]
)
