import CLibXML2

/// Where a meeting page's agenda items are: the part of the page each item occupies, in page order.
///
/// Two layouts, found by what ModernGov writes in every template, not by one class name:
/// - **Item tables**: `table.mgItemTable` (or `#mgItemTable`), and any other table whose own rows
///   hold item anchors (`<a name="AI51890">`) — the same table after a re-skin dropped its class.
///   Each row is an item: its number cell (`td.mgItemNumberCell`, else the first of two or more
///   cells) and its content cell.
/// - **Item containers**, for anchors outside any item table (a `div` layout, items in another
///   container, extra wrappers): the largest element around the anchor that holds no other item
///   anchor. The number is the element around the anchor that holds only a printed number
///   (`div.mgItemNumberCell`, or `54.` alone); the rest of the container is the content.
///
/// libxml2 2.9 has no HTML5 table scoping: a `<tr>` that comes while an element inside a cell is
/// still open (an unclosed `<div>` in agenda text) is nested inside that element instead of
/// closing the cell, and the rows after it follow it there. So the rows of a table are its `tr`s
/// at any depth outside nested tables, and an item's content never reaches into another row.
struct ItemLocator {
    let vocabulary: ClassVocabulary

    /// The items of one page.
    struct Layout {
        /// The item tables (outermost only), in page order.
        var tables: [HTMLNode]
        /// Every item's part of the page, in page order.
        var regions: [ItemRegion]
        /// The item tables and containers, by node: what lies inside them is no other part of the page.
        var itemAreas: Set<xmlNodePtr>

        /// True for a row of an item table met inside an item: a later item that libxml2 nested there.
        /// (Rows of a table inside the item, a table in the agenda text, are the item's own.)
        func isOtherRow(_ node: HTMLNode) -> Bool {
            guard node.is("tr") else { return false }
            var ancestor = node.parent
            while let element = ancestor {
                if element.is("table") { return itemAreas.contains(element.pointer) }
                ancestor = element.parent
            }
            return false
        }

        /// True for a node inside an item table or container.
        func isInItems(_ node: HTMLNode) -> Bool {
            var current: HTMLNode? = node
            while let element = current {
                if itemAreas.contains(element.pointer) { return true }
                current = element.parent
            }
            return false
        }
    }

    func layout(of content: HTMLNode) -> Layout {
        var tables: [HTMLNode] = []
        var anchors: [(node: HTMLNode, id: String)] = []
        // In page order: each item table, and each anchor outside them.
        var order: [Either] = []
        content.walk { node in
            guard node.isElement else { return false }
            if isItemTable(node) {
                tables.append(node)
                order.append(.table(node))
                return false // tables inside an item table are the items' own
            }
            if let id = ItemAnchor.id(of: node) {
                anchors.append((node, id))
                order.append(.anchor(anchors.count - 1))
            }
            return true
        }
        // Anchors inside item tables bound the containers too: no container reaches around a table's items.
        var tableAnchors: [HTMLNode] = []
        for table in tables {
            for node in table.descendants where ItemAnchor.isAnchor(node) { tableAnchors.append(node) }
        }
        let containers = self.containers(of: anchors.map(\.node), bounds: tableAnchors, in: content)
        var regions: [ItemRegion] = []
        var areas = Set(tables.map(\.pointer))
        for entry in order {
            switch entry {
            case .table(let table):
                regions += rows(of: table).compactMap(ItemRegion.init(row:))
            case .anchor(let index):
                let container = containers[index]
                areas.insert(container.pointer)
                regions.append(ItemRegion(container: container, anchor: anchors[index].node, id: anchors[index].id,
                                          numberScope: numberScope(around: anchors[index].node, in: container)))
            }
        }
        return Layout(tables: tables, regions: regions, itemAreas: areas)
    }

    private enum Either {
        case table(HTMLNode)
        case anchor(Int)
    }

    /// An item table by its ModernGov class or id, or by the item anchors in its own rows.
    func isItemTable(_ node: HTMLNode) -> Bool {
        guard node.is("table") else { return false }
        if node.hasClass("mgItemTable") || node.attribute("id", is: "mgItemTable") { return true }
        var holdsAnchor = false
        node.walk { inner in
            if ItemAnchor.isAnchor(inner) { holdsAnchor = true }
            return !holdsAnchor && !inner.is("table")
        }
        return holdsAnchor
    }

    /// True when an item's number cell (`td.mgItemNumberCell`) lies outside every table anywhere in
    /// `content`'s document: an end tag too many (`</table>` in agenda text) closed the items table
    /// early, and the rows after it were left outside it, where no table's rows are read (outside
    /// `#modgov` too when a following `</div>` closed that).
    func hasItemCellsOutsideTables(around content: HTMLNode) -> Bool {
        var root = content
        while let parent = root.parent { root = parent }
        var found = false
        root.walk { node in
            if node.is("table") { return false }
            if node.is("td"), node.hasClass("mgItemNumberCell") { found = true }
            return !found
        }
        return found
    }

    /// The cells of each row of `table`, in page order: the `td` children of its `tr`s, and runs of
    /// `td`s outside any `tr` (libxml2 does not imply a `<tr>` where one is missing; HTML5 does).
    private func rows(of table: HTMLNode) -> [[HTMLNode]] {
        var rows: [[HTMLNode]] = []
        var strayCells: [HTMLNode] = []
        func endStrayRow() {
            if !strayCells.isEmpty { rows.append(strayCells) }
            strayCells = []
        }
        table.walk { node in
            if node.is("tr") {
                endStrayRow()
                rows.append(node.children.filter { $0.is("td") })
            } else if node.is("td"), node.parent?.is("tr") == false {
                if let last = strayCells.last, last.nextElementSibling != node { endStrayRow() }
                strayCells.append(node)
            }
            return !node.is("table")
        }
        endStrayRow()
        return rows
    }

    /// For each anchor, the largest element around it (below `content`) that holds no other anchor
    /// (of `anchors` or `bounds`).
    private func containers(of anchors: [HTMLNode], bounds: [HTMLNode], in content: HTMLNode) -> [HTMLNode] {
        var counts: [xmlNodePtr: Int] = [:]
        for anchor in anchors + bounds {
            var current: HTMLNode? = anchor
            while let element = current, element != content {
                counts[element.pointer, default: 0] += 1
                current = element.parent
            }
        }
        return anchors.map { anchor in
            var container = anchor
            while let parent = container.parent, parent != content, counts[parent.pointer] == 1 { container = parent }
            return container
        }
    }

    /// The element inside `container` that holds the item's printed number: `.mgItemNumberCell`
    /// on a page that uses the class, else the largest element around the anchor whose whole text
    /// is a printed number ("54."), or the container's first child that is. Nil when none is.
    private func numberScope(around anchor: HTMLNode, in container: HTMLNode) -> HTMLNode? {
        if vocabulary.contains(.numberCell) {
            if container.hasClass("mgItemNumberCell") { return nil }
            for node in container.descendants where node.isElement && node.hasClass("mgItemNumberCell") { return node }
            return nil
        }
        var scope: HTMLNode?
        var current: HTMLNode? = anchor
        while let element = current, element != container {
            let text = element.text(singleLine: true)
            if text.isEmpty || PrintedNumber.isNumber(text) { scope = element } else { break }
            current = element.parent
        }
        if scope == nil || scope?.text(singleLine: true).isEmpty == true {
            for child in container.children where child.isElement {
                let text = child.text(singleLine: true)
                if PrintedNumber.isNumber(text) { return child }
                if !text.isEmpty { break }
            }
        }
        return scope
    }
}

/// One agenda item's part of the page.
struct ItemRegion {
    /// Where the printed number is; nil when the item shows none.
    var numberScope: HTMLNode?
    /// Where the title, text, sections and documents are (the number scope inside it is passed over).
    var content: HTMLNode
    /// Every element of the item (a row's cells, or the container): where its id is looked for.
    var scopes: [HTMLNode]
    /// The id of the anchor the item was found by (containers); rows look theirs up.
    var anchorID: String?

    /// A row's cells: the number cell (`td.mgItemNumberCell`, else the first of two or more cells)
    /// and the first other cell as content. Nil for a row without a content cell.
    init?(row cells: [HTMLNode]) {
        guard !cells.isEmpty else { return nil }
        let numberCell = cells.first { $0.hasClass("mgItemNumberCell") } ?? (cells.count > 1 ? cells[0] : nil)
        guard let content = cells.first(where: { $0 != numberCell }) else { return nil }
        self.numberScope = numberCell
        self.content = content
        self.scopes = cells
        self.anchorID = nil
    }

    init(container: HTMLNode, anchor: HTMLNode, id: String, numberScope: HTMLNode?) {
        self.numberScope = numberScope
        self.content = container
        self.scopes = [container]
        self.anchorID = id
    }
}
