using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rongtong.Application.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BookDeltas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "GuarantorBookDeltas",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GuarantorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WeightedFen = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GuarantorBookDeltas", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GuarantorBookDeltas_GuarantorId",
                table: "GuarantorBookDeltas",
                column: "GuarantorId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GuarantorBookDeltas");
        }
    }
}
