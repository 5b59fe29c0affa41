package refdata

import (
	"compress/gzip"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"strings"
)

// csvRow is one data row of an embedded CSV file, read by column name.
type csvRow struct {
	file    string
	line    int
	columns map[string]int
	fields  []string
}

func (r csvRow) get(column string) string { return r.fields[r.columns[column]] }

// fail builds the FileError for a bad value in column.
func (r csvRow) fail(column string, err error) error {
	return &FileError{File: r.file, Line: r.line, Field: column, Value: r.get(column), Err: err}
}

// eachCSVRow calls fn for each data row of file in fsys (gunzipped when the
// name ends in .gz). The header must contain every name in columns; other
// columns and their order do not matter.
func eachCSVRow(fsys fs.FS, file string, columns []string, fn func(csvRow) error) error {
	f, err := fsys.Open(file)
	if err != nil {
		return &FileError{File: file, Err: ErrUnreadable}
	}
	defer f.Close()
	var in io.Reader = f
	if strings.HasSuffix(file, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return &FileError{File: file, Err: ErrUnreadable}
		}
		defer gz.Close()
		in = gz
	}
	cr := csv.NewReader(in)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return &FileError{File: file, Line: 1, Err: ErrUnreadable}
	}
	row := csvRow{file: file, columns: make(map[string]int, len(header))}
	for i, name := range header {
		row.columns[strings.TrimPrefix(name, "\ufeff")] = i
	}
	for _, name := range columns {
		if _, ok := row.columns[name]; !ok {
			return &FileError{File: file, Line: 1, Field: name, Err: ErrMissingColumn}
		}
	}
	for {
		record, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return &FileError{File: file, Line: line, Err: ErrUnreadable}
		}
		row.line, _ = cr.FieldPos(0)
		row.fields = record
		if err := fn(row); err != nil {
			return err
		}
	}
}
