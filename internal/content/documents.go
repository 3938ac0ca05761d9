package content

import (
	"fmt"
	"strings"
)

// browserActive lists the extensions of documents a browser opens as a web
// page or script instead of offering them for download: HTML, SVG, XML and
// every type a common mime.types maps to a +xml type (a browser renders any
// XML document, and XHTML inside it runs scripts), and JavaScript. Served
// from a link's folder, such a document runs on the link's origin. The
// table is fixed so that what vitrine refuses does not depend on the
// machine's MIME table.
var browserActive = setOf(
	// HTML and its archives; hta runs as a program on Windows.
	"html", "htm", "shtml", "shtm", "stm", "xhtml", "xht", "xhtm", "mht", "mhtml", "hta",
	// Scripts and plug-ins.
	"js", "mjs", "cjs", "swf",
	// SVG and XML.
	"svg", "svgz", "xml", "xsl", "xslt", "xsd", "dtd",
	// +xml types.
	"atom", "atomcat", "atomsvc", "ccxml", "cdxml", "dae", "davmount", "dbk", "dd2", "dtb",
	"emma", "es3", "et3", "gml", "gpx", "grxml", "hal", "ink", "inkml", "irp", "kml", "lbe",
	"mads", "mathml", "meta4", "metalink", "mets", "mml", "mods", "mrcx", "musicxml", "mxml",
	"ncx", "omdoc", "opf", "osfpvg", "pls", "pskcxml", "rdf", "res", "rif", "rl", "rld", "rs",
	"rsd", "rss", "sbml", "sdkd", "sdkm", "shf", "smi", "smil", "srx", "ssml", "tei",
	"teicorpus", "ttml", "uoml", "uvt", "vxml", "wbs", "wsdl", "wspolicy", "x3d", "xaml",
	"xbl", "xdf", "xdp", "xdssc", "xenc", "xer", "xhvml", "xlf", "xliff", "xop", "xpl",
	"xspf", "xul", "xvm", "xvml", "yin", "zmm",
)

// serverActive lists the extensions a web server may run as a program when
// the link folders are served from it (dir storage). Apache runs
// Angebot.php.pdf as PHP too, so every extension of a name counts.
var serverActive = setOf(
	"php", "phtml", "pht", "phps", "phar", "php2", "php3", "php4", "php5", "php6", "php7", "php8",
	"cgi", "fcgi", "pl", "py", "asp", "aspx", "asa", "ascx", "ashx", "asmx", "jsp", "jspx",
	"cfm", "cfml",
)

// setOf returns the set of names.
func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// activeDocument says why the document name could run in a browser or on
// a web server, or returns "".
func activeDocument(name string) string {
	parts := strings.Split(strings.ToLower(name), ".")[1:]
	for i, ext := range parts {
		switch {
		case serverActive[ext]:
			return fmt.Sprintf("has the extension .%s, which a web server may run as a program", ext)
		case i == len(parts)-1 && browserActive[ext]:
			return fmt.Sprintf("is a .%s document, which a browser opens as a web page and lets run scripts", ext)
		}
	}
	return ""
}
