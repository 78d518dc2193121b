import CZstd
import Synchronization

/// zstd with one dictionary, for the raw pages kept with each version (see `PageFormat`).
///
/// Thread safety: one codec per dictionary is shared by every thread (`PageDictionary.codec(id:)`).
/// The digested dictionaries (`ZSTD_CDict`, `ZSTD_DDict`) are read-only once created, which zstd
/// documents as safe to share between threads; the compression and decompression contexts, which
/// are not, are created once, reused for every page (they keep their buffers), and used under a lock.
final class ZstdDictionaryCodec: @unchecked Sendable {
    /// The id zstd writes into the dictionary and into every frame compressed with it.
    let dictionaryID: UInt32
    private let compressionDictionary: OpaquePointer
    private let decompressionDictionary: OpaquePointer
    private let contexts: Mutex<Contexts>

    private struct Contexts {
        let compression: OpaquePointer
        let decompression: OpaquePointer
    }

    /// nil when `dictionary` is not a zstd dictionary (a raw-content dictionary has id 0 and is refused).
    init?(dictionary: [UInt8], level: Int32) {
        let id = dictionary.withUnsafeBytes { ZSTD_getDictID_fromDict($0.baseAddress, $0.count) }
        guard id != 0,
              let compressionDictionary = dictionary.withUnsafeBytes({ ZSTD_createCDict($0.baseAddress, $0.count, level) }),
              let decompressionDictionary = dictionary.withUnsafeBytes({ ZSTD_createDDict($0.baseAddress, $0.count) }),
              let compression = ZSTD_createCCtx(), let decompression = ZSTD_createDCtx() else { return nil }
        // A checksum in every frame (4 bytes): a damaged page is an error, never different bytes.
        guard ZSTD_isError(ZSTD_CCtx_setParameter(compression, ZSTD_c_checksumFlag, 1)) == 0,
              ZSTD_isError(ZSTD_CCtx_refCDict(compression, compressionDictionary)) == 0,
              ZSTD_isError(ZSTD_DCtx_refDDict(decompression, decompressionDictionary)) == 0 else { return nil }
        // Speed only (see the shim): either way the frames are standard ones `decompress` reads, so a refusal is no error.
        _ = CZstd_preferAttachedDictionary(compression)
        self.dictionaryID = id
        self.compressionDictionary = compressionDictionary
        self.decompressionDictionary = decompressionDictionary
        self.contexts = Mutex(Contexts(compression: compression, decompression: decompression))
    }

    deinit {
        contexts.withLock { contexts in
            ZSTD_freeCCtx(contexts.compression)
            ZSTD_freeDCtx(contexts.decompression)
        }
        ZSTD_freeCDict(compressionDictionary)
        ZSTD_freeDDict(decompressionDictionary)
    }

    /// Whether pages are compressed against the dictionary's tables in place (see the shim).
    var attachesDictionary: Bool {
        contexts.withLock { CZstd_attachesDictionary($0.compression) != 0 }
    }

    func compress(_ bytes: [UInt8]) -> [UInt8] {
        var destination = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
        let written = contexts.withLock { contexts in
            bytes.withUnsafeBytes { source in
                destination.withUnsafeMutableBytes { target in
                    ZSTD_compress2(contexts.compression, target.baseAddress, target.count, source.baseAddress, source.count)
                }
            }
        }
        precondition(ZSTD_isError(written) == 0, "ZSTD_compress2 cannot fail with a ZSTD_compressBound-sized buffer")
        destination.removeSubrange(written...)
        return destination
    }

    /// The `originalSize` bytes `frame` holds.
    func decompress(_ frame: [UInt8], originalSize: Int) throws(ZstdFrameError) -> [UInt8] {
        let frameDictionary = frame.withUnsafeBytes { ZSTD_getDictID_fromFrame($0.baseAddress, $0.count) }
        guard frameDictionary == dictionaryID else { throw .otherDictionary(frameDictionary) }
        var destination = [UInt8](repeating: 0, count: max(originalSize, 1))
        let written = contexts.withLock { contexts in
            frame.withUnsafeBytes { source in
                destination.withUnsafeMutableBytes { target in
                    ZSTD_decompressDCtx(contexts.decompression, target.baseAddress, originalSize, source.baseAddress, source.count)
                }
            }
        }
        if ZSTD_isError(written) != 0 { throw .corrupt(String(cString: ZSTD_getErrorName(written))) }
        guard written == originalSize else { throw .corrupt("\(written) bytes, \(originalSize) recorded") }
        destination.removeSubrange(originalSize...)
        return destination
    }
}

/// Why a zstd frame did not give back its page.
enum ZstdFrameError: Error, Equatable, CustomStringConvertible {
    /// The frame names another dictionary (0: none) than the one its row records.
    case otherDictionary(UInt32)
    case corrupt(String)

    var description: String {
        switch self {
        case .otherDictionary(let id): "the frame was compressed with dictionary \(id), not the one its row records"
        case .corrupt(let reason): "the zstd frame is damaged (\(reason))"
        }
    }
}
