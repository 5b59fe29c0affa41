package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"

	"tuoyu/data"
	"tuoyu/internal/domain"
	"tuoyu/internal/refdata"
	"tuoyu/internal/store"
)

// LoadReferenceData loads the embedded administrative divisions,
// populations and holiday calendars. It runs on every migrate and does
// nothing when the embedded files have not changed since the last load.
func LoadReferenceData(ctx context.Context, db *store.DB) (loaded bool, err error) {
	version, err := referenceVersion()
	if err != nil {
		return false, err
	}
	if v, err := db.Read().Setting(ctx, "reference_data"); err != nil || v == version {
		return false, err
	}
	regions, err := refdata.Regions()
	if err != nil {
		return false, err
	}
	pops, err := refdata.Populations()
	if err != nil {
		return false, err
	}
	holidays, err := refdata.Holidays()
	if err != nil {
		return false, err
	}
	rs := make([]domain.Region, len(regions))
	for i, r := range regions {
		rs[i] = domain.Region{Code: r.Code, Name: r.Name, Level: string(r.Level), ParentCode: r.ParentCode}
	}
	ps := make([]store.Population, len(pops))
	for i, p := range pops {
		ps[i] = store.Population{RegionCode: p.RegionCode, Year: p.Year, Population: p.Population, Source: p.Source}
	}
	var hs []store.Holiday
	for _, days := range holidays {
		for _, d := range days {
			hs = append(hs, store.Holiday{Date: d.Date, Name: d.Name, OffDay: d.OffDay})
		}
	}
	err = db.Tx(ctx, func(q store.Q) error {
		if err := q.LoadRegions(ctx, rs); err != nil {
			return err
		}
		if err := q.LoadPopulations(ctx, ps); err != nil {
			return err
		}
		if err := q.LoadHolidays(ctx, hs); err != nil {
			return err
		}
		return q.SetSetting(ctx, "reference_data", version)
	})
	return err == nil, err
}

// referenceVersion is a hash of every embedded reference file.
func referenceVersion() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(data.Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(data.Files, p)
		if err != nil {
			return err
		}
		h.Write([]byte(p))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
}
