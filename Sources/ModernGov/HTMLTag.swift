/// The HTML elements the tree builder treats specially; everything else is `.other`
/// (an inline element matched by name). Only the rules a ModernGov page needs are modelled.
enum HTMLTag: UInt8 {
    case other
    case document
    case text
    // document structure
    case html, head, body
    // void elements
    case area, base, br, col, embed, hr, img, input, link, meta, param, source, track, wbr
    // raw-text elements: content is skipped
    case script, style, title, textarea, xmp, iframe, noembed, noframes
    // blocks that close an open <p>
    case address, article, aside, blockquote, center, details, dialog, dir, div, dl, fieldset,
         figcaption, figure, footer, form, h1, h2, h3, h4, h5, h6, header, hgroup, main, menu, nav,
         ol, p, pre, section, summary, ul, li, dd, dt
    // tables
    case table, caption, colgroup, thead, tbody, tfoot, tr, td, th
    // other special elements
    case applet, button, marquee, object, select, option, optgroup, template, noscript, label
    // inline elements we match by tag
    case a, span, b, i, u, em, strong, font, small, big, sub, sup, s, strike, code, tt, nobr, abbr, cite, q

    /// Packs a lower-case name of up to 8 ASCII bytes into an integer key (0 for longer names).
    static func key<C: Collection<UInt8>>(_ name: C) -> UInt64 {
        guard name.count <= 8 else { return 0 }
        var k: UInt64 = 0
        for byte in name { k = (k << 8) | UInt64(byte) }
        return k
    }

    /// The tag for a packed lower-case name (see `key`); a switch is much faster than hashing.
    init(key: UInt64) {
        self = switch key {
        case 0x68746D6C: .html
        case 0x68656164: .head
        case 0x626F6479: .body
        case 0x61726561: .area
        case 0x62617365: .base
        case 0x6272: .br
        case 0x636F6C: .col
        case 0x656D626564: .embed
        case 0x6872: .hr
        case 0x696D67: .img
        case 0x696E707574: .input
        case 0x6C696E6B: .link
        case 0x6D657461: .meta
        case 0x706172616D: .param
        case 0x736F75726365: .source
        case 0x747261636B: .track
        case 0x776272: .wbr
        case 0x736372697074: .script
        case 0x7374796C65: .style
        case 0x7469746C65: .title
        case 0x7465787461726561: .textarea
        case 0x786D70: .xmp
        case 0x696672616D65: .iframe
        case 0x6E6F656D626564: .noembed
        case 0x6E6F6672616D6573: .noframes
        case 0x61646472657373: .address
        case 0x61727469636C65: .article
        case 0x6173696465: .aside
        case 0x63656E746572: .center
        case 0x64657461696C73: .details
        case 0x6469616C6F67: .dialog
        case 0x646972: .dir
        case 0x646976: .div
        case 0x646C: .dl
        case 0x6669656C64736574: .fieldset
        case 0x666967757265: .figure
        case 0x666F6F746572: .footer
        case 0x666F726D: .form
        case 0x6831: .h1
        case 0x6832: .h2
        case 0x6833: .h3
        case 0x6834: .h4
        case 0x6835: .h5
        case 0x6836: .h6
        case 0x686561646572: .header
        case 0x6867726F7570: .hgroup
        case 0x6D61696E: .main
        case 0x6D656E75: .menu
        case 0x6E6176: .nav
        case 0x6F6C: .ol
        case 0x70: .p
        case 0x707265: .pre
        case 0x73656374696F6E: .section
        case 0x73756D6D617279: .summary
        case 0x756C: .ul
        case 0x6C69: .li
        case 0x6464: .dd
        case 0x6474: .dt
        case 0x7461626C65: .table
        case 0x63617074696F6E: .caption
        case 0x636F6C67726F7570: .colgroup
        case 0x7468656164: .thead
        case 0x74626F6479: .tbody
        case 0x74666F6F74: .tfoot
        case 0x7472: .tr
        case 0x7464: .td
        case 0x7468: .th
        case 0x6170706C6574: .applet
        case 0x627574746F6E: .button
        case 0x6D617271756565: .marquee
        case 0x6F626A656374: .object
        case 0x73656C656374: .select
        case 0x6F7074696F6E: .option
        case 0x6F707467726F7570: .optgroup
        case 0x74656D706C617465: .template
        case 0x6E6F736372697074: .noscript
        case 0x6C6162656C: .label
        case 0x61: .a
        case 0x7370616E: .span
        case 0x62: .b
        case 0x69: .i
        case 0x75: .u
        case 0x656D: .em
        case 0x7374726F6E67: .strong
        case 0x666F6E74: .font
        case 0x736D616C6C: .small
        case 0x626967: .big
        case 0x737562: .sub
        case 0x737570: .sup
        case 0x73: .s
        case 0x737472696B65: .strike
        case 0x636F6465: .code
        case 0x7474: .tt
        case 0x6E6F6272: .nobr
        case 0x61626272: .abbr
        case 0x63697465: .cite
        case 0x71: .q
        default: .other
        }
    }

    /// The tag for a lower-case name longer than 8 bytes (only two such names matter).
    static func lookup(longName: [UInt8]) -> HTMLTag {
        switch String(decoding: longName, as: UTF8.self) {
        case "blockquote": .blockquote
        case "figcaption": .figcaption
        default: .other
        }
    }

    var isVoid: Bool {
        switch self {
        case .area, .base, .br, .col, .embed, .hr, .img, .input, .link, .meta, .param, .source, .track, .wbr: true
        default: false
        }
    }

    var isRawText: Bool {
        switch self {
        case .script, .style, .title, .textarea, .xmp, .iframe, .noembed, .noframes: true
        default: false
        }
    }

    /// Start tags that close an open <p> (HTML5 "in body" rules).
    var closesParagraph: Bool {
        switch self {
        case .address, .article, .aside, .blockquote, .center, .details, .dialog, .dir, .div, .dl, .fieldset,
             .figcaption, .figure, .footer, .form, .h1, .h2, .h3, .h4, .h5, .h6, .header, .hgroup, .main, .menu,
             .nav, .ol, .p, .pre, .section, .summary, .ul, .li, .dd, .dt, .table, .hr, .xmp:
            true
        default: false
        }
    }

    var isTableSection: Bool { self == .tbody || self == .thead || self == .tfoot }

    var isHeading: Bool {
        switch self {
        case .h1, .h2, .h3, .h4, .h5, .h6: true
        default: false
        }
    }

    /// Elements an end tag of an inline element may not close across (HTML5 "special" category, simplified).
    var isSpecial: Bool {
        switch self {
        case .other, .document, .text, .a, .span, .b, .i, .u, .em, .strong, .font, .small, .big, .sub, .sup, .s,
             .strike, .code, .tt, .nobr, .abbr, .cite, .q, .label, .option, .optgroup:
            false
        default: true
        }
    }

    /// Boundaries of the default HTML5 element scope.
    var isScopeBoundary: Bool {
        switch self {
        case .document, .html, .table, .td, .th, .caption, .applet, .marquee, .object, .template: true
        default: false
        }
    }

    /// Elements that start a new paragraph when text is extracted.
    var breaksText: Bool {
        if closesParagraph { return true }
        return switch self {
        case .br, .tr, .td, .th, .caption, .thead, .tbody, .tfoot, .option, .select, .textarea, .noscript: true
        default: false
        }
    }

    /// Elements whose content never contributes text.
    var hidesText: Bool {
        switch self {
        case .script, .style, .template, .noscript, .select, .head, .title, .iframe: true
        default: false
        }
    }
}
